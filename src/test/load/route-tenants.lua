-- wrk load script for POST /v1/route from a platform with many tenants (docs/benchmarks.md):
--   wrk -t1 -c16 -d20s --latency -s src/test/load/route-tenants.lua http://localhost:8080
-- The requests of route.lua, each from one of 10,000 tenants and with a tag of its own: what the decision cache
-- meets when tenant ids come from a platform's customer list and callers tag requests.
local bodies = {
  '"prompt":"Write a Python function that merges two sorted lists and explain its complexity.","channel":"api"',
  '"prompt":"Summarise the attached meeting notes in three bullet points: the team agreed to move the launch to March, budget is unchanged, QA needs two more engineers.","channel":"chat","data_region":"eu"',
  '"prompt":"A train travels 60 miles in 1.5 hours, then 90 miles in 2 hours. What is its average speed?","required_confidence":"high","channel":"api"',
  '"prompt":"Classify the sentiment of: The food was cold and the staff rude.","channel":"batch","required_confidence":"low"'
}
local i = 0
request = function()
  i = i + 1
  local body = '{' .. bodies[i % #bodies + 1] .. ',"tenant":"tenant-' .. math.random(10000) .. '","tags":["req-' .. i .. '"]}'
  return wrk.format("POST", "/v1/route", {["Content-Type"] = "application/json"}, body)
end
