// The peer for bench/load.sh: the minimal webhook receiver a Probot-style app runs on
// @octokit/webhooks. It verifies X-Hub-Signature-256, dispatches to a handler, answers 202,
// and stores nothing (so it gives no durability: a crash loses what it acknowledged).
//   ISSUELINT_WEBHOOK_SECRET=... PORT=8090 node server.js
import http from "node:http";
import { Webhooks } from "@octokit/webhooks";

const secret = process.env.ISSUELINT_WEBHOOK_SECRET;
if (!secret) {
  console.error("set ISSUELINT_WEBHOOK_SECRET");
  process.exit(2);
}
const port = Number(process.env.PORT || 8090);
const webhooks = new Webhooks({ secret });
let handled = 0;
webhooks.on(["issues.opened", "issues.edited", "issues.reopened"], () => {
  handled += 1;  // dispatch reaches an application handler, which does nothing
});

const server = http.createServer((req, res) => {
  if (req.method !== "POST" || req.url !== "/webhook") {
    res.writeHead(req.url === "/healthz" ? 200 : 404).end();
    return;
  }
  const chunks = [];
  req.on("data", (chunk) => chunks.push(chunk));
  req.on("end", async () => {
    try {
      await webhooks.verifyAndReceive({
        id: req.headers["x-github-delivery"],
        name: req.headers["x-github-event"],
        signature: req.headers["x-hub-signature-256"],
        payload: Buffer.concat(chunks).toString("utf8"),
      });
      res.writeHead(202, { "content-type": "application/json" }).end('{"outcome":"accepted"}');
    } catch (error) {
      const status = error.status || 400;
      res.writeHead(status, { "content-type": "application/json" }).end('{"outcome":"refused"}');
    }
  });
});
server.keepAliveTimeout = 2000;
server.listen(port, "127.0.0.1", () => console.error(`peer listening on 127.0.0.1:${port}`));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
