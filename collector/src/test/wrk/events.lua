-- wrk script for the collector's load measurement: POST /v1/events with EVENTS events per request
-- (one JSON object when EVENTS=1, else a JSON array), fresh random event ids on every request.
--   EVENTS=100 wrk -t2 -c16 -d30s --latency -s collector/src/test/wrk/events.lua http://127.0.0.1:18088/v1/events
-- wrk counts any status other than 2xx/3xx as "Non-2xx or 3xx responses": the collector answers 202.

local events = tonumber(os.getenv("EVENTS") or "1")
local types = { "online_service_started", "online_service_completed", "knowledge_article_viewed" }
local channels = { "portal", "app_io", "chatbot" }
local services = { "ANAG-CERT", "TARI", "SEGN-BUCHE", "MOB-PERM", "SCUOLA-ISCR" }
local event_time = os.date("!%Y-%m-%dT%H:%M:%SZ", os.time() - 600)

function setup(thread)
   thread:set("seed", math.random(1, 2^30))
end

function init(args)
   math.randomseed(seed or os.time())
   wrk.method = "POST"
   wrk.headers["Content-Type"] = "application/json"
end

local function uuid()
   return string.format("%08x-%04x-4%03x-%04x-%04x%08x",
      math.random(0, 0x7fffffff), math.random(0, 0xffff), math.random(0, 0xfff),
      0x8000 + math.random(0, 0x3fff), math.random(0, 0xffff), math.random(0, 0x7fffffff))
end

local function event()
   local id = uuid()
   return '{"schema_version":1,"event_id":"' .. id .. '","event_type":"' .. types[math.random(#types)]
      .. '","event_time":"' .. event_time .. '","channel":"' .. channels[math.random(#channels)]
      .. '","service_code":"' .. services[math.random(#services)] .. '","municipio":' .. math.random(1, 15)
      .. ',"anonymous_id":"web-' .. string.sub(id, 1, 8) .. '","language":"it","handle_seconds":'
      .. math.random(0, 900) .. ',"source_system":"portale"}'
end

function request()
   local body
   if events == 1 then
      body = event()
   else
      local parts = {}
      for i = 1, events do
         parts[i] = event()
      end
      body = "[" .. table.concat(parts, ",") .. "]"
   end
   return wrk.format(nil, nil, nil, body)
end
