"""A local SMTP server for the tests: saves every message it accepts in DIR as N.txt
(To, Subject, a blank line, then the decoded text body) and prints its port on stdout.

    python3 tests/smtp_sink.py DIR
"""
import asyncio
import email
import email.policy
import os
import sys

from aiosmtpd.smtp import SMTP


class Saver:
    def __init__(self, out):
        self.out = out
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
        body = msg.get_body(preferencelist=("plain",))
        text = body.get_content() if body is not None else ""
        self.count += 1
        tmp = os.path.join(self.out, f".{self.count}.tmp")
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(f"To: {', '.join(envelope.rcpt_tos)}\nSubject: {msg['subject']}\n\n{text}")
        # Renamed into place, so a reader never sees half a message.
        os.rename(tmp, os.path.join(self.out, f"{self.count}.txt"))
        return "250 OK"


async def main(out):
    loop = asyncio.get_running_loop()
    saver = Saver(out)
    server = await loop.create_server(lambda: SMTP(saver), "127.0.0.1", 0)
    print(server.sockets[0].getsockname()[1], flush=True)
    await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
