-- wrk script: cycles through the request paths listed in FILE (one per line,
-- already URL-encoded); each thread starts at a different offset.
-- usage: wrk ... -s cycle_paths.lua URL -- FILE
local nthreads = 0

function setup(thread)
   nthreads = nthreads + 1
   thread:set("tid", nthreads)
end

local paths, i = {}, 0

function init(args)
   local f = assert(io.open(args[1], "r"), "cycle_paths.lua: cannot open " .. tostring(args[1]))
   for line in f:lines() do
      if #line > 0 then paths[#paths + 1] = line end
   end
   f:close()
   assert(#paths > 0, "cycle_paths.lua: no paths in " .. args[1])
   i = ((tid or 1) - 1) % #paths
end

function request()
   i = i % #paths + 1
   return wrk.format("GET", paths[i])
end
