-- wrk script: POSTs one Echo event the way Echo does (JSON, Bearer token, URL with the trailing slash).
-- PAYLOAD names the JSON file to send; TOKEN the gateway token (default: the Development token).
-- wrk itself reports "Non-2xx or 3xx responses" when anything but 202 came back.
local file = assert(io.open(os.getenv("PAYLOAD") or "stage-complete-5k.json", "rb"))
wrk.method = "POST"
wrk.path = "/webhooks/echo/"
wrk.body = file:read("*a")
file:close()
wrk.headers["Content-Type"] = "application/json; charset=UTF-8"
wrk.headers["Authorization"] = "Bearer " .. (os.getenv("TOKEN") or "mesh-local-dev-token")

done = function(summary, latency, requests)
  io.write(string.format("p50 %.2f ms  p90 %.2f ms  p99 %.2f ms  max %.2f ms\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
