/**
 * The semaphore's three decisions, each one Lua script that Redis runs
 * atomically, so no interleaving of callers can grant more than `value`.
 *
 * KEYS: 1 meta (hash: value, used, seq), 2 holders (zset id → lease end, ms),
 * 3 queue (zset id → arrival number), 4 wait (zset id → a waiter's lease end),
 * 5 want (hash id → "<permits> <leaseMs>"). ARGV[1] is the channel grants are
 * announced on, as "id id …".
 *
 * Every script reaps what died first (holders and waiters whose lease ended),
 * hands free permits to the head of the queue in arrival order (a large
 * request at the head blocks those behind it, so it is never starved), and
 * ends by deleting every key when nothing is held or queued, or by setting
 * them all to expire after the last lease, so a key nobody uses is gone.
 */
const prelude = `
if redis.replicate_commands then pcall(redis.replicate_commands) end
local meta, holders, queue, wait, want = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local channel = ARGV[1]
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)

local function parse(entry)
  local n, lease = string.match(entry, '^(%d+) (%d+)$')
  return tonumber(n), tonumber(lease)
end

local function reap()
  local freed = 0
  for _, id in ipairs(redis.call('ZRANGEBYSCORE', holders, '-inf', now)) do
    local entry = redis.call('HGET', want, id)
    if entry then freed = freed + parse(entry) end
    redis.call('HDEL', want, id)
    redis.call('ZREM', holders, id)
  end
  if freed > 0 then redis.call('HINCRBY', meta, 'used', -freed) end
  for _, id in ipairs(redis.call('ZRANGEBYSCORE', wait, '-inf', now)) do
    redis.call('HDEL', want, id)
    redis.call('ZREM', wait, id)
    redis.call('ZREM', queue, id)
  end
end

local function grantHeads()
  local value = tonumber(redis.call('HGET', meta, 'value'))
  if not value then return end
  local used = tonumber(redis.call('HGET', meta, 'used') or '0')
  local granted = {}
  while true do
    local head = redis.call('ZRANGE', queue, 0, 0)[1]
    if not head then break end
    local entry = redis.call('HGET', want, head)
    if entry then
      local n, lease = parse(entry)
      if used + n > value then break end
      used = used + n
      redis.call('ZADD', holders, now + lease, head)
      granted[#granted + 1] = head
    end
    redis.call('ZREM', queue, head)
    redis.call('ZREM', wait, head)
  end
  if #granted > 0 then
    redis.call('HSET', meta, 'used', used)
    redis.call('PUBLISH', channel, table.concat(granted, ' '))
  end
end

-- Milliseconds until the first holder's lease ends (-1: nobody holds): a
-- waiter re-checks then, in case that holder died.
local function untilFirstExpiry()
  local first = redis.call('ZRANGE', holders, 0, 0, 'WITHSCORES')[2]
  if not first then return -1 end
  return math.max(tonumber(first) - now, 0)
end

local function finish()
  if redis.call('ZCARD', holders) == 0 and redis.call('ZCARD', queue) == 0 then
    redis.call('DEL', meta, holders, queue, wait, want)
    return
  end
  local last = now
  local h = redis.call('ZRANGE', holders, -1, -1, 'WITHSCORES')[2]
  if h and tonumber(h) > last then last = tonumber(h) end
  local w = redis.call('ZRANGE', wait, -1, -1, 'WITHSCORES')[2]
  if w and tonumber(w) > last then last = tonumber(w) end
  local ttl = last - now + 1000
  for _, key in ipairs(KEYS) do redis.call('PEXPIRE', key, ttl) end
end
`;

/**
 * ARGV: 2 id, 3 permits, 4 value, 5 leaseMs, 6 mode ("wait" queues the
 * caller when it cannot be served now, "try" does not).
 * Returns {state, untilFirstExpiry}: state "granted", "queued", "busy", or
 * "mismatch" with the live value in place of the number.
 * Calling it again for a queued id renews its place (the waiter's lease); for
 * an id that is gone (a Redis restart) it queues it afresh.
 */
export const ACQUIRE = `${prelude}
local id, n, value, lease, mode = ARGV[2], tonumber(ARGV[3]), ARGV[4], tonumber(ARGV[5]), ARGV[6]
local known = redis.call('HGET', meta, 'value')
if known and known ~= value then return {'mismatch', known} end
if not known then redis.call('HSET', meta, 'value', value, 'used', 0) end
reap()
grantHeads()
local state
if redis.call('ZSCORE', holders, id) then
  state = 'granted'
elseif redis.call('ZSCORE', queue, id) then
  redis.call('ZADD', wait, now + lease, id)
  state = 'queued'
else
  local used = tonumber(redis.call('HGET', meta, 'used'))
  if redis.call('ZCARD', queue) == 0 and used + n <= tonumber(value) then
    redis.call('ZADD', holders, now + lease, id)
    redis.call('HSET', want, id, n .. ' ' .. lease)
    redis.call('HSET', meta, 'used', used + n)
    state = 'granted'
  elseif mode == 'try' then
    state = 'busy'
  else
    redis.call('ZADD', queue, redis.call('HINCRBY', meta, 'seq', 1), id)
    redis.call('ZADD', wait, now + lease, id)
    redis.call('HSET', want, id, n .. ' ' .. lease)
    state = 'queued'
  end
end
local untilExpiry = untilFirstExpiry()
finish()
return {state, untilExpiry}
`;

/**
 * ARGV: 2 id. Gives back what the id holds, or takes it out of the queue;
 * either way nothing of it is left. Returns 1 if it held permits, else 0.
 */
export const RELEASE = `${prelude}
local id = ARGV[2]
local held = 0
local entry = redis.call('HGET', want, id)
if entry then
  if redis.call('ZREM', holders, id) == 1 then
    held = 1
    redis.call('HINCRBY', meta, 'used', -parse(entry))
  end
  redis.call('ZREM', queue, id)
  redis.call('ZREM', wait, id)
  redis.call('HDEL', want, id)
end
reap()
grantHeads()
finish()
return held
`;

/**
 * ARGV: 2 leaseMs, 3… ids. Extends each live holder's lease; returns the ids
 * whose lease had already ended (their permits may be someone else's now).
 */
export const RENEW = `${prelude}
local lease = tonumber(ARGV[2])
reap()
local lost = {}
for i = 3, #ARGV do
  local id = ARGV[i]
  if redis.call('ZSCORE', holders, id) then
    redis.call('ZADD', holders, 'XX', now + lease, id)
  else
    lost[#lost + 1] = id
  end
end
grantHeads()
finish()
return lost
`;
