//! What the load generators read from Linux's /proc: a process's CPU time and memory, and
//! the machine's CPU time, including the time the hypervisor ran something else on our
//! virtual CPUs (steal). On a shared VM, steal arrives in bursts of several milliseconds that
//! stall server and generator alike, so a latency figure means little without it.

/// RSS (KiB) of a process, from /proc/PID/status.
pub fn rss_kib(pid: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// User + system CPU seconds of a process (`"self"` or a pid), from /proc/PID/stat.
pub fn cpu_secs(pid: &str) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    parse_process_ticks(&stat).map(|t| t / clock_ticks_per_sec())
}

/// CPU seconds of the whole machine so far, summed over its CPUs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MachineCpu {
    /// Everything but idle and iowait (steal included).
    pub busy: f64,
    pub total: f64,
    /// Taken by the hypervisor while this machine had work to run.
    pub steal: f64,
}

impl MachineCpu {
    pub fn now() -> Option<MachineCpu> {
        let stat = std::fs::read_to_string("/proc/stat").ok()?;
        parse_machine(&stat, clock_ticks_per_sec())
    }

    /// The CPU time spent between an earlier sample and this one.
    pub fn since(self, earlier: MachineCpu) -> MachineCpu {
        MachineCpu {
            busy: self.busy - earlier.busy,
            total: self.total - earlier.total,
            steal: self.steal - earlier.steal,
        }
    }
}

fn clock_ticks_per_sec() -> f64 {
    // SAFETY: sysconf only reads a configuration value.
    let hz = unsafe { libc::sysconf(libc::_SC_CLK_TCK) };
    hz.max(1) as f64
}

/// utime + stime (fields 14 and 15 of proc_pid_stat(5)) in clock ticks. The command name
/// in field 2 may hold spaces and parentheses, so fields are counted from its last ')'.
fn parse_process_ticks(stat: &str) -> Option<f64> {
    let after_name = stat.get(stat.rfind(')')? + 1..)?;
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some(utime + stime)
}

/// The aggregate `cpu` line of /proc/stat: user nice system idle iowait irq softirq steal
/// (guest time is already counted in user).
fn parse_machine(stat: &str, hz: f64) -> Option<MachineCpu> {
    let line = stat.lines().next()?.strip_prefix("cpu ")?;
    let ticks: Vec<f64> = line
        .split_whitespace()
        .map(|v| v.parse().ok())
        .collect::<Option<_>>()?;
    let total: f64 = ticks.iter().take(8).sum();
    let idle = ticks.get(3)? + ticks.get(4).unwrap_or(&0.0);
    let steal = ticks.get(7).copied().unwrap_or(0.0);
    Some(MachineCpu {
        busy: (total - idle) / hz,
        total: total / hz,
        steal: steal / hz,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn process_ticks_skip_a_name_with_spaces_and_parens() {
        let stat = "4242 (tokio (rt) worker) S 1 4242 4242 0 -1 4194560 900 0 0 0 \
                    150 25 0 0 20 0 3 0 100 1000 200 18446744073709551615";
        assert_eq!(parse_process_ticks(stat), Some(175.0));
        assert_eq!(parse_process_ticks("4242 (cut short) S 1"), None);
    }

    #[test]
    fn machine_line_gives_busy_total_and_steal() {
        let stat = "cpu  100 5 50 800 20 3 2 40 0 0\ncpu0 50 2 25 400 10 1 1 20 0 0\n";
        let m = parse_machine(stat, 100.0).expect("parses");
        assert_eq!(m.total, 10.2);
        assert_eq!(m.busy, 2.0);
        assert_eq!(m.steal, 0.4);
        let later = MachineCpu {
            busy: 2.5,
            total: 11.2,
            steal: 0.65,
        };
        let d = later.since(m);
        assert!((d.busy - 0.5).abs() < 1e-9 && (d.total - 1.0).abs() < 1e-9);
        assert!((d.steal - 0.25).abs() < 1e-9);
    }

    #[test]
    fn machine_line_without_steal_column_counts_none() {
        let m = parse_machine("cpu  10 0 10 80\n", 100.0).expect("parses");
        assert_eq!((m.busy, m.total, m.steal), (0.2, 1.0, 0.0));
        assert_eq!(parse_machine("intr 1 2 3\n", 100.0), None);
        assert_eq!(parse_machine("cpu  10 x 10 80\n", 100.0), None);
    }
}
