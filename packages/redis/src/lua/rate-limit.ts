/**
 * The rate limiter's decisions, each one Lua script run atomically by Redis.
 * A start is reserved, not polled for: the script appends the caller to the
 * schedule at the earliest time the window and the spacing allow after every
 * earlier reservation, and answers how long to wait. So callers are served in
 * the order Redis saw them, each with one round trip and one timer.
 *
 * KEYS: 1 starts (zset id → start time, ms), 2 options (string).
 * Times are Redis's clock (`TIME`) in ms with microseconds. Scores are written
 * with string.format: Lua's own number-to-string keeps 14 digits, which
 * would round a time in ms to a tenth of a millisecond.
 */

/**
 * ARGV: 1 id, 2 maxCalls, 3 period, 4 minInterval, 5 mode ("wait" reserves
 * the next slot, "try" only one that is open now), 6 the options as text.
 * Returns {"granted", µs until the start} | {"busy", 0} | {"mismatch", live options}.
 */
export const RESERVE = `
if redis.replicate_commands then pcall(redis.replicate_commands) end
local starts, options = KEYS[1], KEYS[2]
local known = redis.call('GET', options)
if known and known ~= ARGV[6] then return {'mismatch', known} end
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + tonumber(clock[2]) / 1000
local maxCalls, period, minInterval = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
redis.call('ZREMRANGEBYSCORE', starts, '-inf', string.format('%.3f', now - period))
local at = now
local last = redis.call('ZRANGE', starts, -1, -1, 'WITHSCORES')[2]
if last then at = math.max(at, tonumber(last) + minInterval) end
if redis.call('ZCARD', starts) >= maxCalls then
  local oldest = redis.call('ZRANGE', starts, -maxCalls, -maxCalls, 'WITHSCORES')[2]
  at = math.max(at, tonumber(oldest) + period)
end
if ARGV[5] == 'try' and at > now then return {'busy', 0} end
redis.call('ZADD', starts, string.format('%.3f', at), ARGV[1])
local ttl = math.ceil(at - now + period) + 1000
redis.call('PEXPIRE', starts, ttl)
redis.call('SET', options, ARGV[6], 'PX', ttl)
return {'granted', math.ceil((at - now) * 1000)}
`;

/**
 * ARGV: 1 id, 2 period. Takes back a reservation whose caller gave up; the
 * keys then expire with the last start left (or go, with the last one). The
 * reservations after it keep their times: moving them up would cost every
 * waiter a round trip. Returns 1 if it was there.
 */
export const CANCEL = `
if redis.replicate_commands then pcall(redis.replicate_commands) end
local starts, options = KEYS[1], KEYS[2]
local removed = redis.call('ZREM', starts, ARGV[1])
local last = redis.call('ZRANGE', starts, -1, -1, 'WITHSCORES')[2]
if not last then
  redis.call('DEL', options)
  return removed
end
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + tonumber(clock[2]) / 1000
local ttl = math.ceil(math.max(tonumber(last) - now, 0) + tonumber(ARGV[2])) + 1000
redis.call('PEXPIRE', starts, ttl)
redis.call('PEXPIRE', options, ttl)
return removed
`;
