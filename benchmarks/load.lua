-- Simulated learners for wrk: most requests are slider drags (evaluate at a new weight and
-- bias), the rest are gradient-descent button presses of 1, 10 or 100 steps (train).
-- Used by benchmarks/load.py; prints one JSON line of results at the end.
local headers = { ["Content-Type"] = "application/json" }
local steps = { 1, 10, 100 }

request = function()
  local w = string.format("%.4f", math.random() * 0.4)
  local b = string.format("%.1f", math.random() * 200)
  if math.random() < 0.7 then
    return wrk.format("POST", "/api/regression/evaluate", headers,
      '{"weights":[' .. w .. '],"bias":' .. b .. '}')
  end
  local n = steps[math.random(#steps)]
  return wrk.format("POST", "/api/regression/train", headers,
    '{"weights":[' .. w .. '],"bias":' .. b .. ',"steps":' .. n .. '}')
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests":%d,"seconds":%.3f,"p50_ms":%.3f,"p99_ms":%.3f,"max_ms":%.3f,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1e3,
    latency:percentile(99) / 1e3, latency.max / 1e3,
    e.connect, e.read, e.write, e.status, e.timeout))
end
