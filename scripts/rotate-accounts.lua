-- wrk script: spread requests over the seeded accounts, authenticating like an AWS SDK
-- (raw token in Authorization, container-credentials protocol). Set by BrokerLoadBenchmark:
--   WRK_TOKEN, WRK_PROJECT, WRK_ACCOUNTS (comma-separated ids)
-- The requests are formatted once per thread, so the load generator spends its CPU on sending,
-- not on building strings: wrk shares the machine with the server it measures.
local requests = {}
local n = 0

init = function(args)
  local token = os.getenv("WRK_TOKEN")
  local project = os.getenv("WRK_PROJECT")
  for id in string.gmatch(os.getenv("WRK_ACCOUNTS"), "[^,]+") do
    requests[#requests + 1] = wrk.format("GET", "/v1/container-credentials/" .. project .. "/" .. id, { ["Authorization"] = token })
  end
end

request = function()
  n = n + 1
  return requests[(n % #requests) + 1]
end
