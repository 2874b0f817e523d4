-- wrk script for bench/load.sh: POSTs signed issues.opened deliveries, each with a fresh
-- X-GitHub-Delivery, cycling through the pre-signed payloads named in a manifest file
-- (one "path signature" a line; the signature is over the exact bytes, so bodies are fixed).
--   wrk -s bench/webhook.lua URL -- MANIFEST
local threads = {}

function setup(thread)
  thread:set("thread_number", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  local manifest = assert(io.open(args[1], "r"), "cannot open the manifest " .. tostring(args[1]))
  payloads = {}
  for line in manifest:lines() do
    local path, signature = line:match("^(%S+)%s+(%S+)$")
    if path then
      local file = assert(io.open(path, "rb"))
      table.insert(payloads, {body = file:read("*a"), signature = signature})
      file:close()
    end
  end
  manifest:close()
  assert(#payloads > 0, "the manifest names no payload")
  -- Unique across threads and across runs against the same data dir.
  prefix = string.format("bench-%d-%d-%d-", os.time(), math.random(1, 1000000000), thread_number)
  sent = 0
  accepted = 0
  refused = 0
end

function request()
  sent = sent + 1
  local payload = payloads[(sent % #payloads) + 1]
  return wrk.format("POST", "/webhook", {
    ["Content-Type"] = "application/json",
    ["X-GitHub-Event"] = "issues",
    ["X-GitHub-Delivery"] = prefix .. sent,
    ["X-Hub-Signature-256"] = payload.signature,
    ["User-Agent"] = "GitHub-Hookshot/bench",
  }, payload.body)
end

function response(status, headers, body)
  if status == 202 then accepted = accepted + 1 else refused = refused + 1 end
end

function done(summary, latency, requests)
  local accepted_total, refused_total = 0, 0
  for _, thread in ipairs(threads) do
    accepted_total = accepted_total + thread:get("accepted")
    refused_total = refused_total + thread:get("refused")
  end
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "RESULT requests=%d accepted=%d refused=%d socket_errors=%d seconds=%.3f rate=%.1f " ..
    "p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f\n",
    summary.requests, accepted_total, refused_total,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    seconds, accepted_total / seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
