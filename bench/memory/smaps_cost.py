"""What one read of /proc/self/smaps_rollup costs, as the process grows: the kernel walks the page tables.

Prints the mean time of --reads reads with the interpreter alone, then after writing every page of --mb MiB.
"""

import argparse
import os
import time

PAGE = os.sysconf("SC_PAGE_SIZE")


def mean_read_ms(reads):
    start = time.perf_counter()
    for _ in range(reads):
        with open("/proc/self/smaps_rollup") as f:
            f.read()
    return (time.perf_counter() - start) / reads * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=int, default=200)
    parser.add_argument("--reads", type=int, default=20)
    args = parser.parse_args()
    print(f"interpreter alone: {mean_read_ms(args.reads):.2f} ms per read")
    buffer = bytearray(args.mb * 1024 * 1024)
    for offset in range(0, len(buffer), PAGE):
        buffer[offset] = 1
    per_read = mean_read_ms(args.reads)
    print(f"with {args.mb} MiB more: {per_read:.2f} ms per read ({per_read * 1000 / args.mb:.0f} µs per MiB)")


if __name__ == "__main__":
    main()
