-- wrk script shared by both runs of ingest.sh, so both pay the same client-side cost per response.
--   BENCH_MODE=ingest  POST /api/ratings, a fresh random UUID v4 per request (every request is a new rating)
--   BENCH_MODE=health  GET the URL as given
-- Every response's status is counted; the id of every 201 is kept and, in done(), appended to $BENCH_ACKED_FILE
-- so ingest.sh can check after the run that each acknowledged rating is in the database.
-- done() prints one "BENCH key=value ..." line for ingest.sh to read.

local mode = os.getenv("BENCH_MODE") or "health"
local counter_id = os.getenv("BENCH_COUNTER") or "p-sai-gon-q1"
local score = os.getenv("BENCH_SCORE") or "4"   -- 3 is on every scale (3- and 4-level counters)

local threads = {}
local next_id = 1

function setup(thread)
  thread:set("tid", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

local function seed()
  -- Threads start within the same second, so os.time() alone would give every thread the same UUID sequence.
  local bytes = 0
  local f = io.open("/dev/urandom", "rb")
  if f then
    local s = f:read(6)
    f:close()
    for i = 1, #s do bytes = bytes * 256 + s:byte(i) end
  end
  math.randomseed((bytes + os.time() * 1000 + tid * 7919) % 2^52)
  -- LuaJIT's generator needs a few draws to move away from a seed's neighbourhood.
  for _ = 1, 16 do math.random() end
end

-- Cheap on purpose: wrk shares the two cores with the server, so every microsecond spent here is taken from it.
local random, format = math.random, string.format
local function uuid_v4()
  return format("%04x%04x-%04x-4%03x-%04x-%04x%04x%04x",
    random(0, 0xffff), random(0, 0xffff), random(0, 0xffff), random(0, 0xfff),
    0x8000 + random(0, 0x3fff), random(0, 0xffff), random(0, 0xffff), random(0, 0xffff))
end

-- Per-thread globals: done() reads them with thread:get, which only sees globals.
function init(args)
  statuses = {}
  acked = {}
  acked_count = 0
  seed()
  if mode == "ingest" then
    -- The whole request but the id is fixed, so it is formatted once (wrk.format per request costs as much as the rest).
    -- BENCH_KIOSKS ("key@counter,key@counter,...") gives each wrk thread one of several paired kiosks (thread i the
    -- i-th, round the list): with as many threads as connections, each kiosk sends one rating at a time and the next
    -- once it is answered, as a tablet at a counter does. Without it every request is from BENCH_DEVICE_KEY on counter_id.
    local kiosk = { key = os.getenv("BENCH_DEVICE_KEY") or "", counter = counter_id }
    local kiosks = {}
    for key, counter in string.gmatch(os.getenv("BENCH_KIOSKS") or "", "([^,@]+)@([^,]+)") do
      table.insert(kiosks, { key = key, counter = counter })
    end
    if #kiosks > 0 then kiosk = kiosks[(tid - 1) % #kiosks + 1] end
    local sample = '{"id":"' .. uuid_v4() .. '","counterId":"' .. kiosk.counter .. '","score":' .. score .. ',"channel":"kiosk"}'
    local head = wrk.format("POST", nil, { ["Content-Type"] = "application/json",
      ["Authorization"] = "Device " .. kiosk.key }, sample)
    prefix = head:sub(1, #head - #sample) .. '{"id":"'
    suffix = '","counterId":"' .. kiosk.counter .. '","score":' .. score .. ',"channel":"kiosk"}'
    request = function() return prefix .. uuid_v4() .. suffix end
  end
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if status == 201 then
    -- The answer is {"id":"<36 characters>",...}; anything else is recorded as "?" and fails the durability check.
    local id = body:sub(1, 7) == '{"id":"' and body:sub(8, 43) or body:match('"id":"([0-9a-fA-F%-]+)"')
    acked_count = acked_count + 1
    acked[acked_count] = id or "?"
  end
end

function done(summary, latency, requests)
  -- Every ingest request is a new valid rating, so anything but 201 is unexpected; /health answers 200.
  local expected = mode == "ingest" and 201 or 200
  local good, bad = 0, 0
  local counts = {}
  local ids_file = os.getenv("BENCH_ACKED_FILE")
  local out = ids_file and io.open(ids_file, "a")
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      counts[status] = (counts[status] or 0) + count
      if status == expected then good = good + count else bad = bad + count end
    end
    if out then
      for _, id in ipairs(thread:get("acked")) do out:write(id, "\n") end
    end
  end
  if out then out:close() end
  local by_status = {}
  for status, count in pairs(counts) do table.insert(by_status, status .. ":" .. count) end
  local seconds = summary.duration / 1e6
  local errors = summary.errors
  io.write(string.format(
    "BENCH mode=%s requests=%d seconds=%.3f rps=%.1f p50_ms=%.3f p99_ms=%.3f max_ms=%.3f expected=%d unexpected=%d statuses=%s socket_errors=%d\n",
    mode, summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    good, bad, (#by_status > 0 and table.concat(by_status, ",") or "-"),
    errors.connect + errors.read + errors.write + errors.timeout))
end
