/**
 * The Redis side of presence, as scripts so that every step is atomic: two processes can never both
 * see "the last socket left" or both end the same grace, so each change is published exactly once.
 *
 * Keys (prefix `parley:presence:`):
 *   u:<userId>   hash  socketId → 'active'|'away', plus `_gone` = '<ms>|<status>' while in the grace
 *   p:<procId>   set   '<userId> <socketId>' of the sockets that process holds (to clean up after it dies)
 *   procs        zset  procId → its last heartbeat (Redis TIME, ms): a heartbeat with a timeout
 *   gone         zset  userId → when their last socket went away (ms): the graces to end
 * Work per event is O(the user's own sockets); a sweep is O(log n) plus what it finds.
 */
export const PRESENCE_PREFIX = 'parley:presence:';

/** Shared by every script: `now()` in ms from Redis's clock, and a user's sockets summed up. */
const COMMON = `
local function now()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
-- count of sockets, 'active'|'away'|false, and the grace record (or false)
local function summary(key)
  local all = redis.call('HGETALL', key)
  local n, active, gone = 0, false, false
  for i = 1, #all, 2 do
    if all[i] == '_gone' then gone = all[i + 1]
    else
      n = n + 1
      if all[i + 1] == 'active' then active = true end
    end
  end
  local status = false
  if n > 0 then status = active and 'active' or 'away' end
  return n, status, gone
end
local function graceStatus(gone)
  return string.sub(gone, string.find(gone, '|', 1, true) + 1)
end
`;

/** KEYS: u:<user>, p:<proc>, gone. ARGV: userId, socketId. Returns the status to push, or nil. */
export const CONNECT_SCRIPT = `${COMMON}
local n, before, gone = summary(KEYS[1])
if gone then
  before = graceStatus(gone)
  redis.call('HDEL', KEYS[1], '_gone')
  redis.call('ZREM', KEYS[3], ARGV[1])
end
redis.call('HSET', KEYS[1], ARGV[2], 'active')
redis.call('SADD', KEYS[2], ARGV[1] .. ' ' .. ARGV[2])
if before == 'active' then return false end
return 'active'
`;

/** KEYS: u:<user>, p:<proc>, gone. ARGV: userId, socketId. Returns the status to push, or nil. */
export const DISCONNECT_SCRIPT = `${COMMON}
redis.call('SREM', KEYS[2], ARGV[1] .. ' ' .. ARGV[2])
if redis.call('HEXISTS', KEYS[1], ARGV[2]) == 0 then return false end
local n, before = summary(KEYS[1])
redis.call('HDEL', KEYS[1], ARGV[2])
local left, after = summary(KEYS[1])
if left == 0 then
  local at = now()
  redis.call('HSET', KEYS[1], '_gone', at .. '|' .. before)
  redis.call('ZADD', KEYS[3], at, ARGV[1])
  return false
end
if after == before then return false end
return after
`;

/** KEYS: u:<user>. ARGV: socketId, status. Returns the status to push, or nil. */
export const SET_STATUS_SCRIPT = `${COMMON}
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return false end
local n, before = summary(KEYS[1])
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
local m, after = summary(KEYS[1])
if after == before then return false end
return after
`;

/**
 * Removes up to `batch` of a process's sockets; a user left with none starts a grace dated `at`.
 * Appends status changes to `changed`; returns true when the process has no socket left.
 */
const REAP = `
local function reap(prefix, proc, at, batch, goneKey, changed)
  local pkey = prefix .. 'p:' .. proc
  local members = redis.call('SPOP', pkey, batch)
  for _, member in ipairs(members) do
    local space = string.find(member, ' ', 1, true)
    local user, socket = string.sub(member, 1, space - 1), string.sub(member, space + 1)
    local ukey = prefix .. 'u:' .. user
    if redis.call('HEXISTS', ukey, socket) == 1 then
      local n, before = summary(ukey)
      redis.call('HDEL', ukey, socket)
      local left, after = summary(ukey)
      if left == 0 then
        redis.call('HSET', ukey, '_gone', at .. '|' .. before)
        redis.call('ZADD', goneKey, at, user)
      elseif after ~= before then
        table.insert(changed, user)
        table.insert(changed, after)
      end
    end
  end
  return redis.call('SCARD', pkey) == 0
end
`;

/**
 * KEYS: procs, gone. ARGV: prefix, processTimeoutMs, graceMs, batch.
 * 1. Processes whose heartbeat is older than the timeout are dead: their sockets are removed (a batch
 *    per call), a user left with none starts a grace dated at the dead process's last heartbeat (which
 *    is long past, so it ends in this same sweep).
 * 2. Graces older than graceMs with no socket back end: those users are offline.
 * Returns { offline: [userId, ms, ...], changed: [userId, status, ...] }.
 */
export const SWEEP_SCRIPT = `${COMMON}${REAP}
local prefix, timeout, grace, batch = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local t = now()
local offline, changed = {}, {}
local dead = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', t - timeout, 'LIMIT', 0, 5)
for _, proc in ipairs(dead) do
  local last = tonumber(redis.call('ZSCORE', KEYS[1], proc))
  if reap(prefix, proc, last, batch, KEYS[2], changed) then redis.call('ZREM', KEYS[1], proc) end
end
local due = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', t - grace, 'LIMIT', 0, batch)
for _, user in ipairs(due) do
  local at = redis.call('ZSCORE', KEYS[2], user)
  redis.call('ZREM', KEYS[2], user)
  local ukey = prefix .. 'u:' .. user
  local n, status, gone = summary(ukey)
  if n == 0 and gone then
    redis.call('HDEL', ukey, '_gone')
    table.insert(offline, user)
    table.insert(offline, at)
  end
end
return { offline, changed }
`;

/** KEYS: procs. ARGV: procId. Returns 1 when this process was not registered (new, or dropped). */
export const HEARTBEAT_SCRIPT = `${COMMON}
return redis.call('ZADD', KEYS[1], now(), ARGV[1])
`;

/**
 * KEYS: procs, gone. ARGV: prefix, procId, batch. A clean shutdown: this process's sockets go now
 * (graces dated now, ended by the other processes' sweeps). Returns {done, changed}; call until done.
 */
export const LEAVE_SCRIPT = `${COMMON}${REAP}
local changed = {}
local done = reap(ARGV[1], ARGV[2], now(), tonumber(ARGV[3]), KEYS[2], changed)
if done then redis.call('ZREM', KEYS[1], ARGV[2]) end
return { done and 1 or 0, changed }
`;
