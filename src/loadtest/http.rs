//! A minimal HTTP/1.1 keep-alive client over raw TCP for the measured request loops: one
//! request in flight per connection, no pipelining, the body is counted and discarded.
//! It costs far less CPU per request than a general-purpose client, which matters when the
//! load generator and the server share the same cores.
use std::io;
use std::net::SocketAddr;

use anyhow::{bail, Context};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Where the load goes: a loopback socket address and the `Host` header to send.
#[derive(Debug, Clone)]
pub struct Target {
    pub addr: SocketAddr,
    pub host_header: String,
    /// `http://host:port` without a trailing slash, for the seeding client.
    pub base: String,
}

/// Parses `--url` and resolves it; anything that is not plain http on a loopback address
/// is refused, so the generator can never be pointed at someone else's server.
pub async fn loopback_target(raw: &str) -> anyhow::Result<Target> {
    let url = url::Url::parse(raw).with_context(|| format!("invalid --url {raw:?}"))?;
    if url.scheme() != "http" {
        bail!("--url must be http:// (the load generator speaks plain HTTP/1.1)");
    }
    let port = url
        .port_or_known_default()
        .context("--url has no port and no default port")?;
    let host = url.host().context("--url has no host")?;
    let addrs: Vec<SocketAddr> = match &host {
        url::Host::Ipv4(ip) => vec![SocketAddr::from((*ip, port))],
        url::Host::Ipv6(ip) => vec![SocketAddr::from((*ip, port))],
        url::Host::Domain(name) => tokio::net::lookup_host((*name, port))
            .await
            .with_context(|| format!("cannot resolve {name}"))?
            .collect(),
    };
    if addrs.is_empty() || !addrs.iter().all(|a| a.ip().is_loopback()) {
        bail!(
            "refusing to load-test {raw}: only loopback addresses (127.0.0.0/8, ::1) are allowed"
        );
    }
    let host_header = format!("{host}:{port}");
    Ok(Target {
        addr: addrs[0],
        base: format!("http://{host_header}"),
        host_header,
    })
}

/// The bytes of a GET request for `path` (no cookies: an anonymous visitor).
pub fn get_request(target: &Target, path: &str) -> Vec<u8> {
    format!(
        "GET {path} HTTP/1.1\r\nHost: {}\r\nUser-Agent: cliffhanger-loadtest\r\nAccept: text/html\r\n\r\n",
        target.host_header
    )
    .into_bytes()
}

pub struct Reply {
    pub status: u16,
    pub body_len: usize,
    /// The server asked to close the connection (or gave no length): reconnect.
    pub close: bool,
}

pub struct Conn {
    stream: TcpStream,
    buf: Vec<u8>,
    scratch: Box<[u8]>,
}

const MAX_HEAD: usize = 64 * 1024;
const MAX_BODY: usize = 64 * 1024 * 1024;

fn bad(msg: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, msg.to_string())
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

impl Conn {
    pub async fn connect(addr: SocketAddr) -> io::Result<Conn> {
        let stream = TcpStream::connect(addr).await?;
        stream.set_nodelay(true)?;
        Ok(Conn {
            stream,
            buf: Vec::with_capacity(128 * 1024),
            scratch: vec![0u8; 64 * 1024].into_boxed_slice(),
        })
    }

    async fn fill(&mut self) -> io::Result<usize> {
        let n = self.stream.read(&mut self.scratch).await?;
        if n > 0 {
            self.buf.extend_from_slice(&self.scratch[..n]);
        }
        Ok(n)
    }

    async fn fill_or_eof(&mut self) -> io::Result<()> {
        if self.fill().await? == 0 {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "connection closed mid-response",
            ));
        }
        Ok(())
    }

    /// Waits until `buf` holds at least `len` bytes.
    async fn want(&mut self, len: usize) -> io::Result<()> {
        while self.buf.len() < len {
            self.fill_or_eof().await?;
        }
        Ok(())
    }

    /// Sends one request and reads the whole response.
    pub async fn send(&mut self, request: &[u8]) -> io::Result<Reply> {
        self.stream.write_all(request).await?;
        self.buf.clear();
        let mut searched = 0;
        let head_end = loop {
            if let Some(p) = find(&self.buf, b"\r\n\r\n", searched) {
                break p + 4;
            }
            if self.buf.len() > MAX_HEAD {
                return Err(bad("response head too large"));
            }
            searched = self.buf.len().saturating_sub(3);
            self.fill_or_eof().await?;
        };
        let head = std::str::from_utf8(&self.buf[..head_end - 4])
            .map_err(|_| bad("response head is not UTF-8"))?;
        let mut lines = head.split("\r\n");
        let status_line = lines.next().unwrap_or_default();
        let mut parts = status_line.split(' ');
        let version = parts.next().unwrap_or_default();
        if !version.starts_with("HTTP/1.") {
            return Err(bad("not an HTTP/1.x response"));
        }
        let status: u16 = parts
            .next()
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| bad("bad status line"))?;
        let mut content_length = None;
        let mut chunked = false;
        let mut close = version == "HTTP/1.0";
        for line in lines {
            let Some((name, value)) = line.split_once(':') else {
                return Err(bad("bad header line"));
            };
            let value = value.trim();
            if name.eq_ignore_ascii_case("content-length") {
                let n: usize = value.parse().map_err(|_| bad("bad content-length"))?;
                if n > MAX_BODY {
                    return Err(bad("response body too large"));
                }
                content_length = Some(n);
            } else if name.eq_ignore_ascii_case("transfer-encoding") {
                chunked = value.to_ascii_lowercase().contains("chunked");
            } else if name.eq_ignore_ascii_case("connection") {
                close = value.eq_ignore_ascii_case("close");
            }
        }
        let body_len = if status == 204 || status == 304 || (100..200).contains(&status) {
            0
        } else if chunked {
            self.read_chunked(head_end).await?
        } else if let Some(n) = content_length {
            self.want(head_end + n).await?;
            n
        } else {
            // No length: the body runs to the end of the connection.
            while self.fill().await? > 0 {
                if self.buf.len() > head_end + MAX_BODY {
                    return Err(bad("response body too large"));
                }
            }
            close = true;
            self.buf.len() - head_end
        };
        Ok(Reply {
            status,
            body_len,
            close,
        })
    }

    /// Reads a chunked body starting at `pos`; returns its decoded length.
    async fn read_chunked(&mut self, mut pos: usize) -> io::Result<usize> {
        let mut total = 0usize;
        loop {
            let line_end = loop {
                if let Some(p) = find(&self.buf, b"\r\n", pos) {
                    break p;
                }
                if self.buf.len() - pos > 1024 {
                    return Err(bad("bad chunk size line"));
                }
                self.fill_or_eof().await?;
            };
            let line = std::str::from_utf8(&self.buf[pos..line_end])
                .map_err(|_| bad("bad chunk size line"))?;
            let size_hex = line.split(';').next().unwrap_or_default().trim();
            let size = usize::from_str_radix(size_hex, 16).map_err(|_| bad("bad chunk size"))?;
            pos = line_end + 2;
            if size == 0 {
                // Trailers (usually none), then an empty line.
                loop {
                    let end = loop {
                        if let Some(p) = find(&self.buf, b"\r\n", pos) {
                            break p;
                        }
                        if self.buf.len() - pos > MAX_HEAD {
                            return Err(bad("trailers too large"));
                        }
                        self.fill_or_eof().await?;
                    };
                    let empty = end == pos;
                    pos = end + 2;
                    if empty {
                        return Ok(total);
                    }
                }
            }
            total += size;
            if total > MAX_BODY {
                return Err(bad("response body too large"));
            }
            self.want(pos + size + 2).await?;
            pos += size + 2;
        }
    }
}
