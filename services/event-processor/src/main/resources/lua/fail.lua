-- Counts a failed delivery; at the limit moves the entry to the dead-letter stream and acknowledges it.
-- KEYS[1] stream, KEYS[2] dead-letter stream, KEYS[3] failures hash, KEYS[4] order queue, KEYS[5] event state
-- ARGV[1] entry id, ARGV[2] group, ARGV[3] max failures, ARGV[4] error, ARGV[5] consumer, ARGV[6] state TTL,
-- ARGV[7..] the entry's fields and values, copied into the dead letter
-- Returns {'FAILED', count} | {'DEAD_LETTERED', count, dead-letter entry id}
local stream, dlq, failures, queue, stateKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local entryId = ARGV[1]
local count = redis.call('HINCRBY', failures, entryId, 1)
if count < tonumber(ARGV[3]) then
  return {'FAILED', count}
end
local now = redis.call('TIME')
local add = {'XADD', dlq, '*'}
for i = 7, #ARGV do add[#add + 1] = ARGV[i] end
for _, v in ipairs({'error', ARGV[4], 'failures', count, 'source_entry', entryId, 'consumer', ARGV[5],
    'failed_at_ms', now[1] * 1000 + math.floor(now[2] / 1000)}) do
  add[#add + 1] = v
end
local dlqId = redis.call(unpack(add))
redis.call('XACK', stream, ARGV[2], entryId)
redis.call('LREM', queue, 1, entryId)
redis.call('HDEL', failures, entryId)
redis.call('SET', stateKey, 'dead_lettered:' .. dlqId, 'EX', tonumber(ARGV[6]))
return {'DEAD_LETTERED', count, dlqId}
