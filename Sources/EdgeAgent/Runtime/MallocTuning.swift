#if canImport(Glibc)
    import Glibc
#endif

/// How the agent asks glibc's allocator to hand memory back to the system, so that an agent that has just drained a
/// large backlog shrinks back to its idle size instead of keeping its peak for months.
///
/// - **Two arenas** (`M_ARENA_MAX`): glibc gives each thread that contends for the heap an arena of its own, up to
///   eight per core; freed memory stays in the arena that held it. The agent has a handful of threads (Swift's
///   cooperative pool, libmosquitto's network thread, the `/metrics` thread) and gains nothing from more.
/// - **A fixed mmap threshold** (`M_MMAP_THRESHOLD`, 128 KiB): glibc raises the threshold to the size of every large
///   block freed, so after the first batch the forwarder's half-megabyte payloads (and libmosquitto's copies of
///   them) come from the heap, where they fragment it and stay. Fixed, they are mapped and unmapped each time.
/// - **Trimming** (`M_TRIM_THRESHOLD`, and ``trim()`` whenever the agent goes quiet, through
///   ``ResidentMemory/releaseIdlePages()``): free memory at the top of the heap and free pages inside it go back to
///   the system.
///
/// On other C libraries these calls do nothing.
public enum MallocTuning {
    private typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
    private typealias MallocTrim = @convention(c) (Int) -> Int32

    // glibc's <malloc.h> values (not imported into Swift).
    private static let trimThresholdOption: Int32 = -1
    private static let mmapThresholdOption: Int32 = -3
    private static let arenaMaxOption: Int32 = -8

    /// Applies the settings above; call once at start, before threads are created.
    public static func configure() {
        #if canImport(Glibc)
            guard let mallopt = symbol("mallopt", as: Mallopt.self) else { return }
            _ = mallopt(arenaMaxOption, 2)
            _ = mallopt(mmapThresholdOption, 128 << 10)
            _ = mallopt(trimThresholdOption, 1 << 20)
        #endif
    }

    /// Returns free heap memory to the system (`malloc_trim(0)`); call after a burst, not in a loop.
    public static func trim() {
        #if canImport(Glibc)
            _ = symbol("malloc_trim", as: MallocTrim.self)?(0)
        #endif
    }

    #if canImport(Glibc)
        private static func symbol<T>(_ name: String, as type: T.Type) -> T? {
            guard let program = dlopen(nil, RTLD_NOW), let pointer = dlsym(program, name) else { return nil }
            return unsafeBitCast(pointer, to: type)
        }
    #endif
}
