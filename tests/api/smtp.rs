//! A real SMTP server for the mail tests: `tests/smtp_sink.py` (Python's aiosmtpd), which
//! saves each accepted message as a file.
use std::process::{Child, Command, Stdio};

pub struct SmtpSink {
    child: Child,
    pub dir: tempfile::TempDir,
    pub port: u16,
}

impl SmtpSink {
    pub fn start() -> SmtpSink {
        use std::io::{BufRead, BufReader};
        let dir = tempfile::tempdir().expect("temp dir");
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/smtp_sink.py");
        let mut child = Command::new("python3")
            .arg(script)
            .arg(dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("python3 runs (pip install aiosmtpd)");
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("the sink prints its port");
        let port = line.trim().parse().unwrap_or_else(|_| {
            panic!("the sink printed {line:?}, not a port (is aiosmtpd installed?)")
        });
        SmtpSink { child, dir, port }
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Every message received so far, in order of arrival.
    pub fn messages(&self) -> Vec<String> {
        let mut found: Vec<(u64, String)> = std::fs::read_dir(self.dir.path())
            .expect("sink dir")
            .filter_map(|e| {
                let path = e.ok()?.path();
                let n = path.file_stem()?.to_str()?.parse().ok()?;
                (path.extension()? == "txt")
                    .then(|| (n, std::fs::read_to_string(&path).unwrap_or_default()))
            })
            .collect();
        found.sort();
        found.into_iter().map(|(_, m)| m).collect()
    }

    /// Waits for message number `n` (1-based) and returns it.
    pub async fn message(&self, n: usize) -> String {
        crate::helpers::eventually(&format!("mail number {n} arrives"), || async {
            self.messages().len() >= n
        })
        .await;
        self.messages()[n - 1].clone()
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The site path of the first link in `message` that contains `marker`.
pub fn link_path(message: &str, marker: &str) -> String {
    let word = message
        .split_whitespace()
        .find(|w| w.contains(marker))
        .unwrap_or_else(|| panic!("no {marker} link in {message}"));
    let at = word.find(marker).unwrap_or(0);
    word[at..].to_string()
}
