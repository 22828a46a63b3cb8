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
 * ends by deleting every key when nothing is held or queued. Otherwise the
 * keys expire a while after the last lease that any call wrote ends, so a key
 * whose callers all vanished is gone too; the expiry is moved (five PEXPIREs)
 * only when a new lease end comes near it or a key may have just been
 * created, not on every call: each Redis command in a script costs server time.
 */
const prelude = `
if redis.replicate_commands then pcall(redis.replicate_commands) end
local meta, holders, queue, wait, want = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local channel = ARGV[1]
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local state = redis.call('HMGET', meta, 'value', 'used', 'expires')
local value, used, expires = tonumber(state[1]), tonumber(state[2] or '0'), tonumber(state[3] or '0')
local startUsed = used
-- The latest lease end this call writes, and whether it may have created a key.
local latest, created = 0, false

local function parse(entry)
  local n, lease = string.match(entry, '^(%d+) (%d+)$')
  return tonumber(n), tonumber(lease)
end

local function leaseEnds(at)
  if at > latest then latest = at end
end

local function reap()
  for _, id in ipairs(redis.call('ZRANGEBYSCORE', holders, '-inf', now)) do
    local entry = redis.call('HGET', want, id)
    if entry then used = used - parse(entry) end
    redis.call('HDEL', want, id)
    redis.call('ZREM', holders, id)
  end
  for _, id in ipairs(redis.call('ZRANGEBYSCORE', wait, '-inf', now)) do
    redis.call('HDEL', want, id)
    redis.call('ZREM', wait, id)
    redis.call('ZREM', queue, id)
  end
end

-- Hands free permits to the head of the queue, in order; returns whether anyone is still queued.
local function grantHeads()
  if not value then return false end
  local granted = {}
  local queued = false
  while true do
    local head = redis.call('ZRANGE', queue, 0, 0)[1]
    if not head then break end
    local entry = redis.call('HGET', want, head)
    if entry then
      local n, lease = parse(entry)
      if used + n > value then
        queued = true
        break
      end
      if used == 0 then created = true end
      used = used + n
      redis.call('ZADD', holders, now + lease, head)
      leaseEnds(now + lease)
      granted[#granted + 1] = head
    end
    redis.call('ZREM', queue, head)
    redis.call('ZREM', wait, head)
  end
  if #granted > 0 then redis.call('PUBLISH', channel, table.concat(granted, ' ')) end
  return queued
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
  if created or latest + 1000 > expires then
    -- Twice as far as needed, so the next calls of this lease need not move it.
    local ends = math.max(expires, now + 2 * math.max(latest - now, 0) + 1000)
    for _, key in ipairs(KEYS) do redis.call('PEXPIRE', key, ends - now) end
    redis.call('HSET', meta, 'used', used, 'expires', ends)
  elseif used ~= startUsed then
    redis.call('HSET', meta, 'used', used)
  end
end
`;

/**
 * ARGV: 2 id, 3 permits, 4 value, 5 leaseMs, 6 mode ("wait" queues the
 * caller when it cannot be served now, "try" does not).
 * Returns {state, untilFirstExpiry}: state "granted", "queued", "busy", or
 * "mismatch" with the live value in place of the number.
 * Calling it again for a queued id renews its place (the waiter's lease), for
 * a granted one its lease; for an id that is gone (a Redis restart) it queues
 * it afresh.
 */
export const ACQUIRE = `${prelude}
local id, n, lease, mode = ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[5]), ARGV[6]
if value and value ~= tonumber(ARGV[4]) then return {'mismatch', value} end
if not value then
  value = tonumber(ARGV[4])
  redis.call('HSET', meta, 'value', value)
  created = true
end
reap()
local queued = grantHeads()
local answer
if redis.call('ZSCORE', holders, id) then
  -- Granted since it last asked: the lease starts again now, so the caller
  -- can count it from this call rather than from a grant it did not see.
  redis.call('ZADD', holders, now + lease, id)
  leaseEnds(now + lease)
  answer = 'granted'
elseif queued and redis.call('ZSCORE', queue, id) then
  redis.call('ZADD', wait, now + lease, id)
  leaseEnds(now + lease)
  answer = 'queued'
elseif not queued and used + n <= value then
  if used == 0 then created = true end
  redis.call('ZADD', holders, now + lease, id)
  redis.call('HSET', want, id, n .. ' ' .. lease)
  used = used + n
  leaseEnds(now + lease)
  answer = 'granted'
elseif mode == 'try' then
  answer = 'busy'
else
  if not queued then created = true end
  redis.call('ZADD', queue, redis.call('HINCRBY', meta, 'seq', 1), id)
  redis.call('ZADD', wait, now + lease, id)
  redis.call('HSET', want, id, n .. ' ' .. lease)
  leaseEnds(now + lease)
  answer = 'queued'
end
local untilExpiry = untilFirstExpiry()
finish()
return {answer, untilExpiry}
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
    used = used - parse(entry)
  else
    redis.call('ZREM', queue, id)
    redis.call('ZREM', wait, id)
  end
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
  if redis.call('ZADD', holders, 'XX', 'CH', now + lease, id) == 1 or redis.call('ZSCORE', holders, id) then
    leaseEnds(now + lease)
  else
    lost[#lost + 1] = id
  end
end
grantHeads()
finish()
return lost
`;
