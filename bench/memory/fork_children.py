"""Fork children that hold memory, so a process-tree meter has something to see.

private (default): each of --children forked children allocates --mb MiB and writes every page of it, then holds it
  for --hold seconds. The tree really holds children x mb MiB; the parent alone holds a few MiB.
shared: the parent allocates and writes --mb MiB, then forks --children children that only read it. The pages stay
  shared (copy-on-write, never copied): summed RSS counts them children + 1 times, PSS once.
mapped: each of --children children maps --file (a model's weights) read-only and reads every page, as processes
  that mmap one model do. The file's pages sit once in the page cache: summed RSS counts them once per child.

Standard library only; runs on any CPython 3 on Linux.
"""

import argparse
import mmap
import os
import sys
import time

PAGE = os.sysconf("SC_PAGE_SIZE")


def touch_every_page(buffer):
    for offset in range(0, len(buffer), PAGE):
        buffer[offset] = 1


def read_every_page(buffer):
    return sum(buffer[offset] for offset in range(0, len(buffer), PAGE))


def fork(child_work):
    pid = os.fork()
    if pid == 0:
        try:
            child_work()
        finally:
            os._exit(0)
    return pid


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mode", choices=["private", "shared", "mapped"], default="private")
    parser.add_argument("--children", type=int, default=4)
    parser.add_argument("--mb", type=int, default=50, help="MiB per child (private) or in the parent (shared)")
    parser.add_argument("--hold", type=float, default=2.0, help="seconds each child holds its memory")
    parser.add_argument(
        "--file",
        default="../shared/models/sst2-minilm-distilbert-v2/model.safetensors",
        help="the file the children map (mapped mode)",
    )
    args = parser.parse_args()
    size = args.mb * 1024 * 1024

    if args.mode == "private":

        def child():
            buffer = bytearray(size)
            touch_every_page(buffer)
            time.sleep(args.hold)
    elif args.mode == "mapped":

        def child():
            with open(args.file, "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as mapped:
                read_every_page(mapped)
                time.sleep(args.hold)
    else:
        shared = bytearray(size)
        touch_every_page(shared)

        def child():
            if read_every_page(shared) != size // PAGE:
                sys.exit("shared buffer corrupted")
            time.sleep(args.hold)

    children = [fork(child) for _ in range(args.children)]
    failed = [pid for pid in children if os.waitpid(pid, 0)[1] != 0]
    if failed:
        sys.exit(f"children {failed} failed")


if __name__ == "__main__":
    main()
