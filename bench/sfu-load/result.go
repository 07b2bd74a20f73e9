package main

import (
	"context"
	"fmt"
	"math"
	"os"
	"strings"
	"sync/atomic"
	"time"
)

// windowResult is one measured window of a step.
type windowResult struct {
	video     trackStats  // the teacher's camera at the students: what "holds" is about
	audio     *trackStats // the teacher's microphone at the students, with -audio
	back      *trackStats // the students' cameras at the teacher, with -teacher-sees-students
	latP50    float64     // ms, teacher video
	latP99    float64
	gapP99    float64 // ms between consecutive complete frames at a student
	sfuCPU    float64 // % of one core
	toolCPU   float64
	machBusy  float64 // % of the whole machine
	ingress   float64 // packets/s the SFU read from publishers
	rxPPS     float64 // packets/s the tool's receivers read
	offered   float64 // packets/s the tool's sources sent
	skipped   int64   // frames the sources gave up, being over a second late
	nackRate  float64 // packets/s the SFU asked the tool's publishers to send again
	sfuDrops  int64   // datagrams the kernel dropped at the SFU's full UDP receive buffer
	toolDrops int64   // the same at the load tool's sockets
	sfuCores  int
	toolCores int
	holds     bool
	reason    string
	// A split class (-sfu-b): the teacher's video at each SFU's students, and B's CPU and drops.
	atA, atB  *trackStats
	sfuBCPU   float64
	sfuBDrops int64
	sfuBCores int
}

func measure(ctx context.Context, c *class, o options, n int) (windowResult, bool) {
	srcs := append([]*source{c.teacherVideo}, c.studentSources...)
	if c.teacherAudio != nil {
		srcs = append(srcs, c.teacherAudio)
	}
	from := map[*source]uint32{}
	for _, s := range srcs {
		from[s] = s.mark()
	}
	rx0, tx0, sk0, nk0 := c.packetsReceived(), c.packetsSent(), c.framesSkipped(), c.packetsNacked()
	p0, b0 := takeProbe(o.sfuPid, o.metricsURL), takeProbe(o.sfuBPid, o.metricsB)
	if !sleep(ctx, o.window) {
		return windowResult{}, false
	}
	p1, b1 := takeProbe(o.sfuPid, o.metricsURL), takeProbe(o.sfuBPid, o.metricsB)
	rx1, tx1, sk1, nk1 := c.packetsReceived(), c.packetsSent(), c.framesSkipped(), c.packetsNacked()
	to := map[*source]uint32{}
	for _, s := range srcs {
		to[s] = s.mark()
	}
	// The window's last frames are still on their way; wait out the deadline.
	if !sleep(ctx, o.deadline+200*time.Millisecond) {
		return windowResult{}, false
	}

	secs := p1.at.Sub(p0.at).Seconds()
	w := windowResult{
		sfuCPU:    float64(p1.sfuTicks-p0.sfuTicks) / ticksPerSecond / secs * 100,
		toolCPU:   float64(p1.myTicks-p0.myTicks) / ticksPerSecond / secs * 100,
		ingress:   math.NaN(),
		rxPPS:     float64(rx1-rx0) / secs,
		offered:   float64(tx1-tx0) / secs,
		skipped:   sk1 - sk0,
		nackRate:  float64(nk1-nk0) / secs,
		sfuDrops:  p1.sfuDrops - p0.sfuDrops,
		toolDrops: p1.myDrops - p0.myDrops,
		sfuCores:  sfuCores(o),
		toolCores: cpus(os.Getpid()),
	}
	if p0.forwarded >= 0 && p1.forwarded >= 0 {
		w.ingress = (p1.forwarded - p0.forwarded) / secs
	}
	if all := p1.machAll - p0.machAll; all > 0 {
		w.machBusy = float64(p1.machBusy-p0.machBusy) / float64(all) * 100
	}
	tv := c.teacherVideo
	w.video = measureTrack(tv, c.receiversOf(tv), n, from[tv], to[tv], o.deadline)
	w.latP50 = ms(percentile(w.video.latency, 0.50))
	w.latP99 = ms(percentile(w.video.latency, 0.99))
	w.gapP99 = ms(percentile(w.video.interFrame, 0.99))
	if ta := c.teacherAudio; ta != nil {
		st := measureTrack(ta, c.receiversOf(ta), n, from[ta], to[ta], o.deadline)
		w.audio = &st
	}
	if o.teacherSees {
		back := trackStats{worstFrames: 1}
		for _, s := range c.studentSources {
			st := measureTrack(s, c.receiversOf(s), 1, from[s], to[s], o.deadline)
			back.receivers++
			back.connected += st.connected
			back.pktsExpected += st.pktsExpected
			back.pktsGot += st.pktsGot
			back.worstFrames = min(back.worstFrames, st.worstFrames)
		}
		w.back = &back
	}
	if c.clientB != nil {
		a, b := c.split(false, from[tv], to[tv], o), c.split(true, from[tv], to[tv], o)
		w.atA, w.atB = &a, &b
		w.sfuBCPU = float64(b1.sfuTicks-b0.sfuTicks) / ticksPerSecond / secs * 100
		w.sfuBDrops = b1.sfuDrops - b0.sfuDrops
		if o.sfuBPid > 0 {
			w.sfuBCores = cpus(o.sfuBPid)
		}
	}
	w.holds = w.video.connected == n && w.video.worstFrames >= o.hold
	w.reason = w.why(n, o)
	return w, true
}

func (c *class) packetsSent() int64 {
	return c.sumSources(func(s *source) *atomic.Int64 { return &s.packets })
}

func (c *class) packetsNacked() int64 {
	return c.sumSources(func(s *source) *atomic.Int64 { return &s.nacked })
}

func (c *class) framesSkipped() int64 {
	return c.sumSources(func(s *source) *atomic.Int64 { return &s.skipped })
}

// sumSources adds one counter over every camera of the class.
func (c *class) sumSources(counter func(*source) *atomic.Int64) int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	var sum int64
	for _, s := range c.sources {
		sum += counter(s).Load()
	}
	return sum
}

func (c *class) packetsReceived() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	var sum int64
	for _, r := range c.receivers {
		sum += r.packets.Load()
	}
	return sum
}

// why names what stood out in a window that did not hold. CPU is judged
// against the cores each process may use (taskset), 90 % of them meaning
// saturated.
func (w windowResult) why(n int, o options) string {
	if w.holds {
		return ""
	}
	var r []string
	if w.video.connected < n {
		r = append(r, fmt.Sprintf("%d of %d students received nothing", n-w.video.connected, n))
	}
	if w.sfuCores > 0 && w.sfuCPU >= 90*float64(w.sfuCores) {
		r = append(r, fmt.Sprintf("SFU CPU saturated (%.0f%% of %d core(s))", w.sfuCPU, w.sfuCores))
	}
	if w.sfuBCores > 0 && w.sfuBCPU >= 90*float64(w.sfuBCores) {
		r = append(r, fmt.Sprintf("SFU B CPU saturated (%.0f%% of %d core(s))", w.sfuBCPU, w.sfuBCores))
	}
	if w.sfuBDrops > 0 {
		r = append(r, fmt.Sprintf("%d datagrams dropped at SFU B's full UDP receive buffer", w.sfuBDrops))
	}
	if w.toolCores > 0 && w.toolCPU >= 90*float64(w.toolCores) {
		r = append(r, fmt.Sprintf("load tool CPU-bound (%.0f%% of %d core(s)): a lower bound", w.toolCPU, w.toolCores))
	}
	if w.machBusy >= 95 {
		r = append(r, fmt.Sprintf("machine %.0f%% busy", w.machBusy))
	}
	if w.skipped > 0 {
		r = append(r, fmt.Sprintf("the load tool fell over a second behind and skipped %d frames", w.skipped))
	}
	if w.sfuDrops > 0 {
		r = append(r, fmt.Sprintf("%d datagrams dropped at the SFU's full UDP receive buffer", w.sfuDrops))
	}
	if w.toolDrops > 0 {
		r = append(r, fmt.Sprintf("%d datagrams dropped at the load tool's full UDP receive buffers", w.toolDrops))
	}
	if l := w.video.loss(); l > 0 {
		r = append(r, fmt.Sprintf("%.2f%% packet loss", l*100))
	}
	if w.video.late > 0 {
		r = append(r, fmt.Sprintf("%d frames complete but later than %s", w.video.late, o.deadline))
	}
	if len(r) == 0 {
		r = append(r, "frames incomplete")
	}
	return strings.Join(r, "; ")
}

func (w windowResult) summary() string {
	s := fmt.Sprintf("frames worst %.2f%% median %.2f%%, loss %.3f%%, late %d, latency p50 %.1f p99 %.1f ms, gap p99 %.1f ms, "+
		"SFU %.0f%% tool %.0f%% machine %.0f%%, sent %.0f/s, SFU in %.0f/s, tool rx %.0f/s, NACKed by the SFU %.0f/s, UDP drops SFU %d tool %d",
		w.video.worstFrames*100, w.video.medianFrames*100, w.video.loss()*100, w.video.late, w.latP50, w.latP99, w.gapP99,
		w.sfuCPU, w.toolCPU, w.machBusy, w.offered, w.ingress, w.rxPPS, w.nackRate, w.sfuDrops, w.toolDrops)
	if w.audio != nil {
		s += fmt.Sprintf(", audio worst %.2f%% loss %.3f%%", w.audio.worstFrames*100, w.audio.loss()*100)
	}
	if w.atA != nil {
		s += fmt.Sprintf(", worst student at A %.2f%% at B %.2f%%, SFU B %.0f%%, UDP drops SFU B %d",
			w.atA.worstFrames*100, w.atB.worstFrames*100, w.sfuBCPU, w.sfuBDrops)
	}
	if w.back != nil {
		s += fmt.Sprintf(", teacher gets students: worst %.2f%% loss %.3f%%", w.back.worstFrames*100, w.back.loss()*100)
	}
	if !w.holds {
		s += " — does not hold: " + w.reason
	}
	return s
}

// stepRow is a step's figures: medians over its windows. The step holds when
// the median window does (most of them did).
type stepRow struct {
	windows                          int
	connected                        int
	worst, med, loss, latP50, latP99 float64
	gapP99, sfuCPU, toolCPU, mach    float64
	offered, ingress, rxPPS          float64
	sfuDrops, toolDrops              float64
	worstA, worstB, sfuBCPU          float64
	holds                            bool
	reason                           string
}

func combine(ws []windowResult) stepRow {
	pick := func(f func(windowResult) float64) float64 {
		v := make([]float64, len(ws))
		for i, w := range ws {
			v[i] = f(w)
		}
		return median(v)
	}
	r := stepRow{
		windows:   len(ws),
		connected: int(pick(func(w windowResult) float64 { return float64(w.video.connected) })),
		worst:     pick(func(w windowResult) float64 { return w.video.worstFrames }),
		med:       pick(func(w windowResult) float64 { return w.video.medianFrames }),
		loss:      pick(func(w windowResult) float64 { return w.video.loss() }),
		latP50:    pick(func(w windowResult) float64 { return w.latP50 }),
		latP99:    pick(func(w windowResult) float64 { return w.latP99 }),
		gapP99:    pick(func(w windowResult) float64 { return w.gapP99 }),
		sfuCPU:    pick(func(w windowResult) float64 { return w.sfuCPU }),
		toolCPU:   pick(func(w windowResult) float64 { return w.toolCPU }),
		mach:      pick(func(w windowResult) float64 { return w.machBusy }),
		offered:   pick(func(w windowResult) float64 { return w.offered }),
		ingress:   pick(func(w windowResult) float64 { return w.ingress }),
		rxPPS:     pick(func(w windowResult) float64 { return w.rxPPS }),
		sfuDrops:  pick(func(w windowResult) float64 { return float64(w.sfuDrops) }),
		toolDrops: pick(func(w windowResult) float64 { return float64(w.toolDrops) }),
	}
	if ws[0].atA != nil {
		r.worstA = pick(func(w windowResult) float64 { return w.atA.worstFrames })
		r.worstB = pick(func(w windowResult) float64 { return w.atB.worstFrames })
		r.sfuBCPU = pick(func(w windowResult) float64 { return w.sfuBCPU })
	}
	held := 0
	for _, w := range ws {
		if w.holds {
			held++
		}
	}
	r.holds = held*2 > len(ws)
	if !r.holds {
		// The reason of the worst window, which shows most clearly what gave.
		worst := ws[0]
		for _, w := range ws[1:] {
			if w.video.worstFrames < worst.video.worstFrames {
				worst = w
			}
		}
		r.reason = worst.reason
	}
	return r
}

func tableHeader(o options) string {
	h := "| N students | receiving | teacher frames ok, worst / median student | packet loss | latency p50 / p99 | inter-frame p99 | SFU CPU | tool CPU | machine busy | sent pkt/s | SFU in pkt/s | tool rx pkt/s | UDP drops SFU / tool | load avg | holds |"
	if o.sfuB != "" {
		// A split class: SFU CPU and SFU in are A's; B's CPU and each side's worst student follow.
		h += " worst student at A / at B | SFU B CPU |"
	}
	return h
}

func tableRule(o options) string {
	r := "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|"
	if o.sfuB != "" {
		r += "---:|---:|"
	}
	return r
}

func (r stepRow) markdown(n int, o options) string {
	holds := "yes"
	if !r.holds {
		holds = "**no**: " + r.reason
	}
	row := fmt.Sprintf("| %d | %d | %.2f%% / %.2f%% | %.3f%% | %.1f / %.1f ms | %.1f ms | %.0f%% | %.0f%% | %.0f%% | %.0f | %.0f | %.0f | %.0f / %.0f | %s | %s |",
		n, r.connected, r.worst*100, r.med*100, r.loss*100, r.latP50, r.latP99, r.gapP99,
		r.sfuCPU, r.toolCPU, r.mach, r.offered, r.ingress, r.rxPPS, r.sfuDrops, r.toolDrops, loadAverage(), holds)
	if o.sfuB != "" {
		row += r.sideCells()
	}
	return row
}

func ms(nanos int64) float64 { return float64(nanos) / 1e6 }
