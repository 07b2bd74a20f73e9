package sfu

import (
	"context"
	"runtime"
	"sync"
	"syscall"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"

	rtc "app.ardoise/sfu/proto"
)

// LoadService answers ardoise.sfu.v1.Load: the counts the metrics already keep, and the CPU the
// process used since the last report.
type LoadService struct {
	rtc.UnimplementedLoadServer

	metrics *Metrics

	mu      sync.Mutex
	lastCPU time.Duration
	lastAt  time.Time
}

// Load is the service to register beside rtc.RTC.
func (s *Server) Load() *LoadService {
	return &LoadService{metrics: s.metrics, lastCPU: cpuUsed(), lastAt: time.Now()}
}

func (l *LoadService) Get(context.Context, *rtc.LoadRequest) (*rtc.LoadReport, error) {
	return &rtc.LoadReport{
		Sessions:    uint32(gauge(l.metrics.sessions)),
		Tracks:      uint32(gauge(l.metrics.publishedTracks)),
		Subscribers: uint32(gauge(l.metrics.subscriptions)),
		CpuCores:    l.cpuSinceLast(),
		Cores:       uint32(runtime.NumCPU()),
	}, nil
}

// cpuSinceLast is the CPU used since the interval began divided by its length. Several nodes ask at
// once, and an interval of a few milliseconds would say little: a report less than a second into the
// interval divides by a full second and leaves the interval open.
func (l *LoadService) cpuSinceLast() float64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	now, used := time.Now(), cpuUsed()
	elapsed := now.Sub(l.lastAt)
	if elapsed < time.Second {
		return float64(used-l.lastCPU) / float64(time.Second)
	}
	cores := float64(used-l.lastCPU) / float64(elapsed)
	l.lastCPU, l.lastAt = used, now
	return cores
}

func cpuUsed() time.Duration {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		return 0
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}

func gauge(g prometheus.Gauge) float64 {
	var m dto.Metric
	if err := g.Write(&m); err != nil {
		return 0
	}
	return m.GetGauge().GetValue()
}
