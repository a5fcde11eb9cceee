-- The API bench's report from wrk: one JSON line once the load is over.
-- wrk counts latencies and durations in microseconds; the line gives latencies in ms.
-- errors.status counts the responses with a status above 399. Counts are written with
-- %.0f: they may exceed what %d takes.

done = function(summary, latency, requests)
  local errors = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format(
    '{"requests": %.0f, "duration_us": %.0f, "bytes": %.0f, "requests_per_second": %.3f, '
      .. '"p50_ms": %.3f, "p95_ms": %.3f, "p99_ms": %.3f, "mean_ms": %.3f, "max_ms": %.3f, '
      .. '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}}\n',
    summary.requests,
    summary.duration,
    summary.bytes,
    summary.requests / seconds,
    latency:percentile(50) / 1000,
    latency:percentile(95) / 1000,
    latency:percentile(99) / 1000,
    latency.mean / 1000,
    latency.max / 1000,
    errors.connect,
    errors.read,
    errors.write,
    errors.status,
    errors.timeout
  ))
end
