-- Appends a batch of Kafka records to the user-event stream, skipping events already seen.
-- KEYS[1] stream; then for event i (0-based): KEYS[2+2i] its state key, KEYS[3+2i] its key's order queue
-- ARGV[1] state TTL in seconds, ARGV[2] number of events n;
-- then for event i: ARGV[3+5i] event id, ARGV[4+5i] partition key, ARGV[5+5i] encoded envelope, ARGV[6+5i] origin,
--   ARGV[7+5i] W3C traceparent or '' (untraced: the entry gets no traceparent field)
-- Returns { stream length, entry id or '' (already seen) for each event }
local stream = KEYS[1]
local ttl = tonumber(ARGV[1])
local n = tonumber(ARGV[2])
local result = {}
for i = 0, n - 1 do
  local stateKey, queueKey = KEYS[2 + 2 * i], KEYS[3 + 2 * i]
  local a = 3 + 5 * i
  if redis.call('EXISTS', stateKey) == 1 then
    result[#result + 1] = ''
  else
    local id
    if ARGV[a + 4] == '' then
      id = redis.call('XADD', stream, '*',
        'event_id', ARGV[a], 'key', ARGV[a + 1], 'event', ARGV[a + 2], 'origin', ARGV[a + 3])
    else
      id = redis.call('XADD', stream, '*',
        'event_id', ARGV[a], 'key', ARGV[a + 1], 'event', ARGV[a + 2], 'origin', ARGV[a + 3], 'traceparent', ARGV[a + 4])
    end
    redis.call('RPUSH', queueKey, id)
    redis.call('SET', stateKey, 'queued:' .. id, 'EX', ttl)
    result[#result + 1] = id
  end
end
table.insert(result, 1, redis.call('XLEN', stream))
return result
