# pcp_high and percpu_pagelist_high_fraction both size pcp->high
exec "$MMTRACE" replay --quiet --set percpu_pagelist_high_fraction=8 --set pcp_high=1000 testdata/traces/qemu-6.12-2g.mmt
