-- Delivers a batch of events, each exactly once and atomically: the single Redis step of
-- docs/architecture.md, applied to every event of the batch in order (the whole script is atomic).
-- KEYS[1] failures hash; then for each event: its key's order fence, its state (idempotency key),
--   then for each recipient r: seq counter, history stream; then, for an alert, the unread counter.
-- ARGV[1] state TTL in seconds, ARGV[2] history max length, ARGV[3] number of events;
--   then for each event: entry id, encoded envelope, W3C traceparent or '' (untraced), alert flag ('1'/'0'),
--   recipient count n, then the n recipients' channels.
-- A traced event's history entries get a traceparent field and its messages a "traceparent" member.
-- Returns, per event, two items: 'DELIVERED', 'seq,seq' | 'DUPLICATE', earlier seqs |
--   'BLOCKED', entry id ahead in the fence | 'REJECTED', why Redis cannot deliver it.
-- For each event every check that can fail runs before its first write, so a refused event
-- leaves nothing behind and the others in the batch go on.
local failures = KEYS[1]
local ttl, maxlen, count = tonumber(ARGV[1]), ARGV[2], tonumber(ARGV[3])
local k, a = 2, 4
local out = {}

local function problem(key, wanted)
  local kind = redis.call('TYPE', key)['ok']
  if kind ~= 'none' and kind ~= wanted then
    return 'WRONGTYPE ' .. key .. ' holds a ' .. kind .. ' but must be a ' .. wanted
  end
  if wanted == 'string' and kind == 'string' and not tonumber(redis.call('GET', key)) then
    return 'ERR ' .. key .. ' must hold an integer'
  end
  return nil
end

for _ = 1, count do
  local queue, stateKey = KEYS[k], KEYS[k + 1]
  local entryId, event, traceparent = ARGV[a], ARGV[a + 1], ARGV[a + 2]
  local alert, n = ARGV[a + 3] == '1', tonumber(ARGV[a + 4])
  local first, channels = k + 2, a + 5
  local unread = alert and KEYS[first + 2 * n] or nil
  k = first + 2 * n + (alert and 1 or 0)
  a = channels + n

  local state = redis.call('GET', stateKey)
  local head = redis.call('LINDEX', queue, 0)
  local why = nil
  if state and string.sub(state, 1, 10) == 'delivered:' then
    redis.call('LREM', queue, 1, entryId)
    redis.call('HDEL', failures, entryId)
    out[#out + 1] = 'DUPLICATE'
    out[#out + 1] = string.sub(state, 11)
  elseif head and head ~= entryId and redis.call('LPOS', queue, entryId) then
    out[#out + 1] = 'BLOCKED'
    out[#out + 1] = head
  else
    for r = 0, n - 1 do
      why = why or problem(KEYS[first + 2 * r], 'string') or problem(KEYS[first + 2 * r + 1], 'stream')
    end
    if unread then why = why or problem(unread, 'string') end
    if why then
      out[#out + 1] = 'REJECTED'
      out[#out + 1] = why
    else
      local seqs = {}
      for r = 0, n - 1 do
        local seq = redis.call('INCR', KEYS[first + 2 * r])
        if traceparent == '' then
          redis.call('XADD', KEYS[first + 2 * r + 1], 'MAXLEN', '~', maxlen, '*', 'seq', seq, 'event', event)
          redis.call('PUBLISH', ARGV[channels + r], '{"seq":' .. seq .. ',"event":' .. event .. '}')
        else
          redis.call('XADD', KEYS[first + 2 * r + 1], 'MAXLEN', '~', maxlen, '*', 'seq', seq, 'event', event,
            'traceparent', traceparent)
          redis.call('PUBLISH', ARGV[channels + r],
            '{"seq":' .. seq .. ',"traceparent":"' .. traceparent .. '","event":' .. event .. '}')
        end
        seqs[#seqs + 1] = seq
      end
      if unread then redis.call('INCR', unread) end
      local summary = table.concat(seqs, ',')
      redis.call('SET', stateKey, 'delivered:' .. summary, 'EX', ttl)
      redis.call('LREM', queue, 1, entryId)
      redis.call('HDEL', failures, entryId)
      out[#out + 1] = 'DELIVERED'
      out[#out + 1] = summary
    end
  end
end
return out
