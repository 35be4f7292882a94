-- wrk's script for http.load and http.load_mix; done() prints one JSON line.
--
-- http.py puts its parameters before it, as globals: MARKER, the prefix of that line;
-- COLLECT, whether to count the answers by status; PATHS, nil to request wrk's URL, or the
-- paths to rotate through (only with COLLECT). wrk runs this in its main Lua state (setup,
-- done) and in one state per thread (init, request, response).

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

-- One flat table of numbers per thread: wrk's thread:get() copies nested tables wrongly
-- (it crashes). Without PATHS, tally[status] counts the answers by status. With PATHS,
-- tally[index * 1000 + status] counts the answers of PATHS[index] by status, tally[-index]
-- its unanswered requests, tally[0] answers to no request (never, we trust).
tally = {}

local function add(key)
  tally[key] = (tally[key] or 0) + 1
end

if PATHS then
  -- wrk hands `response()` the status but not the request it answers, and a thread's Lua
  -- state serves all of that thread's connections; so each thread gets one connection
  -- (threads = connections), whose requests go one at a time: a response answers the
  -- request last built by `request()` in the same state. wrk calls `request()` again when
  -- it reconnects, so a request still unanswered then was lost (a read or write error, or
  -- the server closing the connection without an answer, which wrk counts as no error).
  local position, current, checking

  function init(args)
    position = (id - 1) % #PATHS  -- each thread starts at another URL
    -- wrk builds one request in the first thread's state to check the script; it is not sent.
    checking = id == 1
  end

  function request()
    if checking then
      checking = false
      return wrk.format("GET", PATHS[1])
    end
    if current then
      add(-current)
    end
    position = position % #PATHS + 1
    current = position
    return wrk.format("GET", PATHS[position])
  end

  function response(status, headers, body)
    if current then
      add(current * 1000 + status)
      current = nil
    else
      add(0)
    end
  end
elseif COLLECT then
  -- Left out without COLLECT: wrk then runs no Lua per answer (see http.py's docstring).
  function response(status, headers, body)
    add(status)
  end
end

local function tally_json()
  local merged = {}
  for _, thread in ipairs(threads) do
    for key, count in pairs(thread:get("tally")) do
      merged[key] = (merged[key] or 0) + count
    end
  end
  local parts = {}
  for key, count in pairs(merged) do
    table.insert(parts, string.format('"%d": %.0f', key, count))
  end
  return "{" .. table.concat(parts, ", ") .. "}"
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '%s{"requests": %.0f, "duration_us": %.0f, "connect": %.0f, "read": %.0f, '
      .. '"write": %.0f, "status": %.0f, "timeout": %.0f, '
      .. '"p50_us": %.0f, "p95_us": %.0f, "p99_us": %.0f, "tally": %s}\n',
    MARKER, summary.requests, summary.duration, e.connect, e.read, e.write, e.status,
    e.timeout, latency:percentile(50), latency:percentile(95), latency:percentile(99),
    COLLECT and tally_json() or "null"))
  io.flush()
end
