//! glibc's malloc gives threads that allocate at the same time arenas of their own, up to
//! eight per core, and keeps what is freed inside each one. Under the soak in BENCHMARKS.md a
//! server with the default kept growing (+10% between minutes 5 and 30); with one arena per
//! core its RSS stayed level.

/// Caps glibc's malloc arenas at one per core (at least two), unless `MALLOC_ARENA_MAX`
/// already says how many. Call before any thread starts: threads made earlier may already
/// have picked arenas of their own.
pub fn limit_malloc_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        if std::env::var_os("MALLOC_ARENA_MAX").is_some() {
            return;
        }
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        let arenas = libc::c_int::try_from(cores)
            .unwrap_or(libc::c_int::MAX)
            .max(2);
        // SAFETY: mallopt only changes an allocator setting, and it runs before the
        // runtime's threads exist, so no other thread allocates meanwhile.
        unsafe {
            libc::mallopt(libc::M_ARENA_MAX, arenas);
        }
    }
}
