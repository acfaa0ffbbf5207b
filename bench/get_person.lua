-- wrk script: GET /api/v1/people/ID with ID uniform in [LO, HI].
-- usage: wrk ... -H "Cookie: canbo_session=TOKEN" -s get_person.lua URL -- LO HI
-- Each thread gets its own fixed seed, so runs are repeatable.
local nthreads = 0

function setup(thread)
   nthreads = nthreads + 1
   thread:set("tid", nthreads)
end

local lo, hi = 1, 100000

function init(args)
   lo = tonumber(args[1]) or lo
   hi = tonumber(args[2]) or hi
   if hi < lo then hi = lo end
   math.randomseed(7919 * (tid or 1))
end

function request()
   return wrk.format("GET", "/api/v1/people/" .. math.random(lo, hi))
end
