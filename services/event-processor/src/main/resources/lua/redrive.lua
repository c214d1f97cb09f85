-- Puts one dead letter back on the stream as a new entry, behind the undelivered events of its key.
-- KEYS[1] dead-letter stream, KEYS[2] stream, KEYS[3] event state, KEYS[4] order queue
-- ARGV[1] dead-letter entry id, ARGV[2] state TTL in seconds
-- Returns {'REDRIVEN', new entry id} | {'MISSING'}
local dlq, stream, stateKey, queue = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local entries = redis.call('XRANGE', dlq, ARGV[1], ARGV[1])
if #entries == 0 then return {'MISSING'} end
local fields = entries[1][2]
local add, redrives = {'XADD', stream, '*'}, 0
for i = 1, #fields, 2 do
  local name, value = fields[i], fields[i + 1]
  if name == 'redrives' then
    redrives = tonumber(value) or 0
  elseif name == 'event_id' or name == 'key' or name == 'event' or name == 'origin' or name == 'traceparent' then
    add[#add + 1] = name
    add[#add + 1] = value
  end
end
add[#add + 1] = 'redrives'
add[#add + 1] = redrives + 1
local id = redis.call(unpack(add))
redis.call('RPUSH', queue, id)
redis.call('SET', stateKey, 'queued:' .. id, 'EX', tonumber(ARGV[2]))
redis.call('XDEL', dlq, ARGV[1])
return {'REDRIVEN', id}
