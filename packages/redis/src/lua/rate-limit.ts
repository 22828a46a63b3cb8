/**
 * The rate limiter's decisions, each one Lua script run atomically by Redis.
 * A start is reserved, not polled for: the script appends the caller to the
 * schedule at the earliest time the window and the spacing allow after every
 * earlier reservation, and answers how long to wait. So callers are served in
 * the order Redis saw them, each with one round trip and one timer.
 *
 * A caller that has to wait is entered as "w:<id>", a reservation; when it
 * wakes it confirms (CONFIRM), and only then becomes a start, at the time
 * Redis runs the confirmation. So the rules hold for the starts the callers
 * make, not only for the slots Redis handed out: a caller whose timer fired
 * late (a busy event loop, a loaded machine) is checked against the starts
 * that really happened, and moved if it came too close to one.
 *
 * KEYS: 1 starts (zset id → start time, ms; "w:<id>" → reserved time), 2 options (string).
 * Times are Redis's clock (`TIME`) in ms with microseconds. Scores are written
 * with string.format: Lua's own number-to-string keeps 14 digits, which
 * would round a time in ms to a tenth of a millisecond.
 */

/**
 * ARGV: 1 id, 2 maxCalls, 3 period, 4 minInterval, 5 mode ("wait" reserves
 * the next slot, "try" only one that is open now), 6 the options as text.
 * Returns {"granted", µs until the start, Redis's time in µs} | {"busy", 0} | {"mismatch", live options}.
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
-- Now is a start; later is a reservation, confirmed when its caller wakes.
redis.call('ZADD', starts, string.format('%.3f', at), at > now and 'w:' .. ARGV[1] or ARGV[1])
local ttl = math.ceil(at - now + period) + 1000
redis.call('PEXPIRE', starts, ttl)
redis.call('SET', options, ARGV[6], 'PX', ttl)
return {'granted', math.ceil((at - now) * 1000), math.floor(now * 1000)}
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
local removed = redis.call('ZREM', starts, ARGV[1], 'w:' .. ARGV[1])
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

/**
 * KEYS as RESERVE's. ARGV: 1 id, 2 maxCalls, 3 period, 4 minInterval. A waiter that woke turns
 * its reservation into a start now, if the starts made so far allow one now
 * (at least minInterval after the last, fewer than maxCalls in the period
 * before); else into a start at the earliest moment they do ("later"), which
 * the other callers' confirmations count as made from then on. Its caller
 * starts at that moment without asking again, unless it wakes late for it:
 * then it confirms that start again, as it did its reservation. (Moving only
 * the reservation let the others start ahead of a waiter moved by a fraction
 * of a millisecond, and move it again: 7.7 script calls a request in the
 * demo, against 3 with no confirmation at all.) Reservations of others are
 * not starts yet: each is checked in its turn when it confirms, so a late
 * waiter never holds back one that is on time.
 * Returns {"started", Redis's time of the start in µs} |
 * {"later", µs until the start it was given, Redis's time of that start in µs} |
 * {"gone", 0} when neither is there any more (cancelled, or Redis lost it):
 * the caller then reserves again.
 */
export const CONFIRM = `
if redis.replicate_commands then pcall(redis.replicate_commands) end
local starts = KEYS[1]
local member = 'w:' .. ARGV[1]
local reserved = redis.call('ZSCORE', starts, member) or redis.call('ZSCORE', starts, ARGV[1])
if not reserved then return {'gone', 0} end
reserved = tonumber(reserved)
redis.call('ZREM', starts, member, ARGV[1])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + tonumber(clock[2]) / 1000
local maxCalls, period, minInterval = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local at = math.max(now, reserved)
-- A start given to another waiter for later ("later" above) is made by then:
-- this one goes after it, never just before it. Only starts within a period
-- (or minInterval) after can conflict, and the rules space the entries in
-- that span (about maxCalls reservations, as many starts given for later),
-- so the scan stays short however many wait behind: not every reservation.
local horizon = math.max(period, minInterval)
local moved = true
while moved do
  moved = false
  local ahead = redis.call('ZRANGEBYSCORE', starts, string.format('(%.3f', at), string.format('%.3f', at + horizon), 'WITHSCORES')
  for i = #ahead - 1, 1, -2 do
    if string.sub(ahead[i], 1, 2) ~= 'w:' then
      at = tonumber(ahead[i + 1]) + minInterval
      moved = true
      break
    end
  end
end
-- The starts made in the period before: every entry up to then that is not a reservation.
local made = {}
local window = redis.call('ZRANGEBYSCORE', starts, string.format('(%.3f', at - period), string.format('%.3f', at), 'WITHSCORES')
for i = 1, #window, 2 do
  if string.sub(window[i], 1, 2) ~= 'w:' then made[#made + 1] = tonumber(window[i + 1]) end
end
local last = made[#made]
if last then at = math.max(at, last + minInterval) end
if #made >= maxCalls then at = math.max(at, made[#made - maxCalls + 1] + period) end
local answer
redis.call('ZADD', starts, string.format('%.3f', at), ARGV[1])
if at > now then
  answer = {'later', math.ceil((at - now) * 1000), math.floor(at * 1000)}
else
  answer = {'started', math.floor(now * 1000)}
end
-- A start or reservation later than the one reserved lives its window too.
local latest = tonumber(redis.call('ZRANGE', starts, -1, -1, 'WITHSCORES')[2])
local ttl = math.ceil(math.max(latest - now, 0) + period) + 1000
if ttl > redis.call('PTTL', starts) then
  redis.call('PEXPIRE', starts, ttl)
  redis.call('PEXPIRE', KEYS[2], ttl)
end
return answer
`;
