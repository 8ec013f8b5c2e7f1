import Shared

#if canImport(Glibc)
    import Glibc
#endif

extension ChildProcess {
    /// Stops a benchmark's child: SIGTERM, then SIGKILL if it is still running after `grace`.
    func terminate(grace: Duration = .seconds(10)) {
        guard exitStatusIfExited() == nil else { return }
        send(SIGTERM)
        let deadline = ContinuousClock.now + grace
        while exitStatusIfExited() == nil, ContinuousClock.now < deadline { usleep(10_000) }
        if exitStatusIfExited() == nil {
            send(SIGKILL)
            _ = waitForExit()
        }
    }
}
