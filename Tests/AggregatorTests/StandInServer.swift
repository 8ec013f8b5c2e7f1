import CrossdockChaos

/// The stand-in ERP/TMS server, shared with the whole-system fault-injection run (`CrossdockChaos`).
typealias StandInServer = CrossdockChaos.StandInServer
