-- Delivers one event exactly once: the single atomic step of docs/architecture.md.
-- KEYS[1] order queue of the event's key, KEYS[2] event state (idempotency key), KEYS[3] failures hash;
-- then for recipient r (0-based): KEYS[4+2r] seq counter, KEYS[5+2r] history stream;
-- when ARGV[5] is '1', KEYS[4+2n] the unread-alert counter.
-- ARGV[1] stream entry id, ARGV[2] encoded envelope, ARGV[3] state TTL in seconds, ARGV[4] history max length,
-- ARGV[5] alert flag, ARGV[6] number of recipients n, ARGV[7+r] channel of recipient r.
-- Returns {'DELIVERED', 'seq,seq,...'} | {'DUPLICATE', previous seqs} | {'BLOCKED', entry id ahead}
-- Every check that can fail runs before the first write, so a refused event leaves nothing behind.
local queue, stateKey, failures = KEYS[1], KEYS[2], KEYS[3]
local entryId, event, ttl, maxlen = ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[4]
local alert, n = ARGV[5] == '1', tonumber(ARGV[6])

local state = redis.call('GET', stateKey)
if state and string.sub(state, 1, 10) == 'delivered:' then
  redis.call('LREM', queue, 1, entryId)
  redis.call('HDEL', failures, entryId)
  return {'DUPLICATE', string.sub(state, 11)}
end

local head = redis.call('LINDEX', queue, 0)
if head and head ~= entryId and redis.call('LPOS', queue, entryId) then
  return {'BLOCKED', head}
end

local function expect(key, wanted)
  local kind = redis.call('TYPE', key)['ok']
  if kind ~= 'none' and kind ~= wanted then
    return 'WRONGTYPE ' .. key .. ' holds a ' .. kind .. ' but must be a ' .. wanted
  end
  if wanted == 'string' and kind == 'string' and not tonumber(redis.call('GET', key)) then
    return 'ERR ' .. key .. ' must hold an integer'
  end
  return nil
end
for r = 0, n - 1 do
  local problem = expect(KEYS[4 + 2 * r], 'string') or expect(KEYS[5 + 2 * r], 'stream')
  if problem then return redis.error_reply(problem) end
end
if alert then
  local problem = expect(KEYS[4 + 2 * n], 'string')
  if problem then return redis.error_reply(problem) end
end

local seqs = {}
for r = 0, n - 1 do
  local seq = redis.call('INCR', KEYS[4 + 2 * r])
  redis.call('XADD', KEYS[5 + 2 * r], 'MAXLEN', '~', maxlen, '*', 'seq', seq, 'event', event)
  redis.call('PUBLISH', ARGV[7 + r], '{"seq":' .. seq .. ',"event":' .. event .. '}')
  seqs[#seqs + 1] = seq
end
if alert then redis.call('INCR', KEYS[4 + 2 * n]) end
local summary = table.concat(seqs, ',')
redis.call('SET', stateKey, 'delivered:' .. summary, 'EX', ttl)
redis.call('LREM', queue, 1, entryId)
redis.call('HDEL', failures, entryId)
return {'DELIVERED', summary}
