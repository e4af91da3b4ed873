-- wrk load script for POST /v1/route (docs/benchmarks.md):
--   wrk -t2 -c16 -d30s --latency -s src/test/load/route.lua http://localhost:8080
-- Rotates through a few realistic requests so the annotator and the policy see different facts.
local bodies = {
  '{"prompt":"Write a Python function that merges two sorted lists and explain its complexity.","channel":"api"}',
  '{"prompt":"Summarise the attached meeting notes for anna.schmidt@example.de in three bullet points: the team agreed to move the launch to March, budget is unchanged, QA needs two more engineers.","channel":"chat","data_region":"eu"}',
  '{"messages":[{"role":"user","content":"What is the capital of Australia?"},{"role":"assistant","content":"Canberra."},{"role":"user","content":"why?"}],"previous_model":"gpt-4.1","channel":"chat"}',
  '{"prompt":"A train travels 60 miles in 1.5 hours, then 90 miles in 2 hours. What is its average speed?","required_confidence":"high","channel":"api"}',
  '{"prompt":"Classify the sentiment of: The food was cold and the staff rude.","channel":"batch","required_confidence":"low"}'
}
local i = 0
request = function()
  i = i % #bodies + 1
  return wrk.format("POST", "/v1/route", {["Content-Type"] = "application/json"}, bodies[i])
end
