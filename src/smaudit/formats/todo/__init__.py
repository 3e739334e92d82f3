"""`smaudit todo` formats: the worklist of facts the inventory still lacks, one module each."""
