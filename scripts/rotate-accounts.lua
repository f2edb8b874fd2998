-- wrk script: spread requests over the seeded accounts, authenticating like an AWS SDK
-- (raw token in Authorization, container-credentials protocol). Set by BrokerLoadBenchmark:
--   WRK_TOKEN, WRK_PROJECT, WRK_ACCOUNTS (comma-separated ids)
local token = os.getenv("WRK_TOKEN")
local project = os.getenv("WRK_PROJECT")
local accounts = {}
for id in string.gmatch(os.getenv("WRK_ACCOUNTS"), "[^,]+") do
  accounts[#accounts + 1] = id
end
local n = 0

request = function()
  n = n + 1
  local path = "/v1/container-credentials/" .. project .. "/" .. accounts[(n % #accounts) + 1]
  return wrk.format("GET", path, { ["Authorization"] = token })
end
