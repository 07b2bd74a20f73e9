package main

import (
	"bufio"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sys/unix"
)

// Linux reports process times in clock ticks of 1/100 s (USER_HZ).
const ticksPerSecond = 100

// cpuTicks reads utime+stime of a process from /proc/<pid>/stat.
func cpuTicks(pid int) (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// The command name may hold spaces; the fields start after its ')'.
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return 0, fmt.Errorf("/proc/%d/stat: %q", pid, s)
	}
	f := strings.Fields(s[i+1:])
	if len(f) < 13 {
		return 0, fmt.Errorf("/proc/%d/stat: short", pid)
	}
	// After the name: state is field 3 of stat(5), utime 14, stime 15.
	u, err1 := strconv.ParseInt(f[11], 10, 64)
	st, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("/proc/%d/stat: bad times", pid)
	}
	return u + st, nil
}

// cpus counts the cores a process may run on (its taskset affinity).
func cpus(pid int) int {
	var set unix.CPUSet
	if err := unix.SchedGetaffinity(pid, &set); err != nil {
		return 0
	}
	return set.Count()
}

// udpDrops sums the kernel's drop counters of the UDP sockets a process holds
// (/proc/net/udp, matched by inode to /proc/<pid>/fd): a datagram that found
// its socket's receive buffer full is counted there and nowhere the process
// could see. Per process, so other work on the machine does not count.
func udpDrops(pid int) int64 {
	fds, err := os.ReadDir(fmt.Sprintf("/proc/%d/fd", pid))
	if err != nil {
		return 0
	}
	inodes := map[string]bool{}
	for _, fd := range fds {
		link, err := os.Readlink(fmt.Sprintf("/proc/%d/fd/%s", pid, fd.Name()))
		if ino, ok := strings.CutPrefix(link, "socket:["); ok && err == nil {
			inodes[strings.TrimSuffix(ino, "]")] = true
		}
	}
	f, err := os.Open(fmt.Sprintf("/proc/%d/net/udp", pid))
	if err != nil {
		return 0
	}
	defer f.Close()
	var drops int64
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		// sl local rem st tx:rx tr:when retrnsmt uid timeout inode ref pointer drops
		fields := strings.Fields(sc.Text())
		if len(fields) < 13 || !inodes[fields[9]] {
			continue
		}
		n, _ := strconv.ParseInt(fields[12], 10, 64)
		drops += n
	}
	return drops
}

func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

// metric reads one unlabelled counter or gauge from a Prometheus text page.
func metric(url, name string) (float64, error) {
	c := http.Client{Timeout: 3 * time.Second}
	resp, err := c.Get(url)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, name+" "); ok {
			return strconv.ParseFloat(strings.TrimSpace(rest), 64)
		}
	}
	return 0, fmt.Errorf("%s: no %s", url, name)
}

// probe is a snapshot of the counters a window is measured between.
type probe struct {
	at                time.Time
	sfuTicks, myTicks int64
	forwarded         float64
	sfuDrops, myDrops int64
	machBusy, machAll int64
}

func takeProbe(sfuPid int, metricsURL string) probe {
	p := probe{at: time.Now()}
	if sfuPid > 0 {
		p.sfuTicks, _ = cpuTicks(sfuPid)
		p.sfuDrops = udpDrops(sfuPid)
	}
	p.myDrops = udpDrops(os.Getpid())
	p.myTicks, _ = cpuTicks(os.Getpid())
	p.forwarded = -1 // unknown: no page, or an SFU too starved to serve it in time
	if metricsURL != "" {
		if v, err := metric(metricsURL, "sfu_forwarded_rtp_packets_total"); err == nil {
			p.forwarded = v
		}
	}
	p.machBusy, p.machAll = machineTicks()
	return p
}

// machineTicks reads the whole machine's busy and total jiffies from /proc/stat,
// to show how much of the machine other work took during a window.
func machineTicks() (busy, total int64) {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0, 0
	}
	line, _, _ := strings.Cut(string(b), "\n")
	f := strings.Fields(line)
	for i, v := range f[1:] {
		n, _ := strconv.ParseInt(v, 10, 64)
		total += n
		if i != 3 && i != 4 { // idle, iowait
			busy += n
		}
	}
	return busy, total
}
