"""The nudge state machine, as Lua scripts: each transition is one atomic step in Redis.

    scheduled --claim--> claimed --begin--> sending --finish--> sent | failed | unknown
        ^                  |  |                |        \\--> scheduled (retry: Twilio refused it)
        |---reap/move------'  '--> skipped,    '--reap--> lost  (crashed mid-send: never resent)
                                   suppressed

Why this never sends twice: a message leaves only from `sending`, and only the holder of the
current claim token can enter `sending` (`begin`), which it does once per claim. Nothing moves a
nudge out of `sending` back to `scheduled` except `finish` with proof Twilio refused it (an HTTP
error response). A reaper that finds an expired lease requeues a `claimed` nudge (it was never
handed to Twilio) but marks a `sending` one `lost` and logs it. Requeuing bumps the token on the
next claim, so a slow former owner's `begin` fails: fencing, not clocks, keeps the guarantee.
Leases use the Redis server's clock (`TIME`), so dispatchers need not agree on time.
"""
from __future__ import annotations

# KEYS: due, leases. ARGV: now score, limit, lease seconds, owner, record key prefix.
# Returns one HGETALL list per nudge claimed.
CLAIM = """
local t = redis.call('TIME')
local clock = tonumber(t[1]) + tonumber(t[2]) / 1000000
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
local out = {}
for _, id in ipairs(ids) do
  redis.call('ZREM', KEYS[1], id)
  local key = ARGV[5] .. id
  if redis.call('HGET', key, 'state') == 'scheduled' then
    redis.call('HINCRBY', key, 'token', 1)
    redis.call('HSET', key, 'state', 'claimed', 'owner', ARGV[4])
    redis.call('ZADD', KEYS[2], string.format('%.3f', clock + tonumber(ARGV[3])), id)
    out[#out + 1] = redis.call('HGETALL', key)
  end
end
return out
"""

# KEYS: record, consent (phone), leases. ARGV: token, consent state required, lease seconds,
# id, couple, pid, text. Returns 'go', 'stale' (claim lost) or 'suppressed' (no consent).
# Consent is checked here, in the same step that commits to sending, so a STOP processed before
# this point always wins.
_BEGIN_FN = """
local function begin(K, A)
  local r = redis.call('HMGET', K[1], 'state', 'token')
  if r[1] ~= 'claimed' or r[2] ~= A[1] then return 'stale' end
  local c = redis.call('HMGET', K[2], 'state', 'couple', 'pid')
  if c[1] ~= A[2] or c[2] ~= A[5] or c[3] ~= A[6] then
    redis.call('HSET', K[1], 'state', 'suppressed', 'detail', 'consent: ' .. (c[1] or 'none'))
    redis.call('ZREM', K[3], A[4])
    return 'suppressed'
  end
  local t = redis.call('TIME')
  redis.call('HSET', K[1], 'state', 'sending', 'sending_at', t[1], 'text', A[7])
  redis.call('ZADD', K[3], tonumber(t[1]) + tonumber(A[3]), A[4])
  return 'go'
end
"""
BEGIN = _BEGIN_FN + "return begin(KEYS, ARGV)"

# KEYS: record, leases, due. ARGV: token, id, allowed from-states (comma separated), new state,
# new due score or '', then field/value pairs. Returns the new state or 'stale'.
# A nudge reaped as 'lost' while its owner was merely slow may still record a real acceptance.
_MOVE_FN = """
local function move(K, A)
  local r = redis.call('HMGET', K[1], 'state', 'token')
  if r[2] ~= A[1] or not r[1] then return 'stale' end
  local allowed = false
  for s in string.gmatch(A[3], '[^,]+') do if s == r[1] then allowed = true end end
  if not allowed then return 'stale' end
  -- A delivery callback may have beaten us here: never lower the delivery status it recorded.
  local rank = tonumber(redis.call('HGET', K[1], 'status_rank') or '0')
  local incoming = 0
  for i = 6, #A, 2 do if A[i] == 'status_rank' then incoming = tonumber(A[i + 1]) end end
  for i = 6, #A, 2 do
    if (A[i] ~= 'status' and A[i] ~= 'status_rank') or incoming > rank then
      redis.call('HSET', K[1], A[i], A[i + 1])
    end
  end
  redis.call('HSET', K[1], 'state', A[4])
  redis.call('ZREM', K[2], A[2])
  if A[4] == 'scheduled' then
    redis.call('HSET', K[1], 'due', A[5], 'owner', '')
    redis.call('ZADD', K[3], A[5], A[2])
  end
  return A[4]
end
"""
MOVE = _MOVE_FN + "return move(KEYS, ARGV)"

# KEYS: the 3 keys of `move`, then the 3 of `begin`. ARGV: how many are `move`'s, then those,
# then `begin`'s. Records the previous send and commits to the next in one round trip: two
# independent transitions, each with its own checks (a dispatcher thread's steady state).
MOVE_THEN_BEGIN = _MOVE_FN + _BEGIN_FN + """
local n = tonumber(ARGV[1])
local moved = move({KEYS[1], KEYS[2], KEYS[3]}, {unpack(ARGV, 2, n + 1)})
return {moved, begin({KEYS[4], KEYS[5], KEYS[6]}, {unpack(ARGV, n + 2)})}
"""

# KEYS: leases, due, lost log. ARGV: limit, record key prefix.
# Returns a flat list: id, 'requeued'|'lost', owner, ...
REAP = """
local t = redis.call('TIME')
local clock = tonumber(t[1]) + tonumber(t[2]) / 1000000
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', string.format('%.3f', clock), 'LIMIT', 0, tonumber(ARGV[1]))
local out = {}
for _, id in ipairs(ids) do
  redis.call('ZREM', KEYS[1], id)
  local key = ARGV[2] .. id
  local r = redis.call('HMGET', key, 'state', 'due', 'owner', 'kind', 'couple', 'to')
  if r[1] == 'claimed' then
    redis.call('HSET', key, 'state', 'scheduled', 'owner', '')
    redis.call('ZADD', KEYS[2], r[2], id)
    out[#out + 1] = id; out[#out + 1] = 'requeued'; out[#out + 1] = r[3] or ''
  elseif r[1] == 'sending' then
    redis.call('HSET', key, 'state', 'lost', 'lost_at', t[1])
    redis.call('RPUSH', KEYS[3], cjson.encode({id = id, owner = r[3], kind = r[4], couple = r[5],
      to = r[6], at = tonumber(t[1])}))
    redis.call('LTRIM', KEYS[3], -10000, -1)
    out[#out + 1] = id; out[#out + 1] = 'lost'; out[#out + 1] = r[3] or ''
  end
end
return out
"""

# KEYS: record, due, history, settings (chain) or the record again (no chain).
# ARGV: id, due score, chain mode ('' none, '*' restart, else expected previous id),
# created score, record key prefix, then field/value pairs.
# Returns 1 when scheduled, 0 when the chain moved on (someone else scheduled the next one).
SCHEDULE = """
local mode = ARGV[3]
if mode ~= '' then
  local current = redis.call('HGET', KEYS[4], 'next') or ''
  if mode == '*' then
    if current ~= '' then
      local old = ARGV[5] .. current
      if redis.call('HGET', old, 'state') == 'scheduled' then
        redis.call('HSET', old, 'state', 'cancelled')
        redis.call('ZREM', KEYS[2], current)
      end
    end
  elseif current ~= mode then
    return 0
  end
  redis.call('HSET', KEYS[4], 'next', ARGV[1])
end
for i = 6, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
redis.call('HSET', KEYS[1], 'state', 'scheduled', 'token', 0, 'attempts', 0, 'due', ARGV[2])
redis.call('EXPIRE', KEYS[1], 10368000)
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
redis.call('ZADD', KEYS[3], ARGV[4], ARGV[1])
redis.call('ZREMRANGEBYRANK', KEYS[3], 0, -501)
return 1
"""

# KEYS: record. ARGV: sid, status, rank, error code, now.
# Delivery callbacks arrive out of order; a lower-ranked status never overwrites a higher one.
# A callback for a send whose outcome we did not know ('unknown'/'lost') proves Twilio took it;
# one that beats our own record of the send ('sending') is kept for it.
STATUS = """
local r = redis.call('HMGET', KEYS[1], 'state', 'sid', 'status_rank')
if not r[1] then return 'missing' end
if r[2] and r[2] ~= '' and r[2] ~= ARGV[1] then return 'mismatch' end
if r[1] == 'unknown' or r[1] == 'lost' then
  redis.call('HSET', KEYS[1], 'state', 'sent', 'sid', ARGV[1], 'detail', 'confirmed by status callback')
elseif r[1] == 'sending' then
  redis.call('HSET', KEYS[1], 'sid', ARGV[1])
elseif r[1] ~= 'sent' then
  return 'mismatch'
end
if tonumber(ARGV[3]) <= tonumber(r[3] or '0') then return 'stale' end
redis.call('HSET', KEYS[1], 'status', ARGV[2], 'status_rank', ARGV[3], 'status_at', ARGV[5])
if ARGV[4] ~= '' then redis.call('HSET', KEYS[1], 'error', ARGV[4]) end
return 'updated'
"""


class Scripts:
    """The scripts registered on one Redis client (EVALSHA, reloaded if the server forgot them)."""

    def __init__(self, redis):
        self.claim = redis.register_script(CLAIM)
        self.begin = redis.register_script(BEGIN)
        self.move = redis.register_script(MOVE)
        self.move_then_begin = redis.register_script(MOVE_THEN_BEGIN)
        self.reap = redis.register_script(REAP)
        self.schedule = redis.register_script(SCHEDULE)
        self.status = redis.register_script(STATUS)
