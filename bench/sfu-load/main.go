// Command sfu-load measures how many students one Ardoise SFU holds in one
// class: a teacher publishes a 360p camera, N students each publish one and
// receive the teacher's, N grows in steps, and every receiver's frames are
// counted. It starts no server: it speaks gRPC to an SFU already running.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	rtc "app.ardoise/sfu/proto"
)

type options struct {
	sfu, metricsURL, sid string
	sfuPid               int
	steps                []int
	settle, window       time.Duration
	repeats, stopAfter   int
	deadline             time.Duration
	hold                 float64
	audio, teacherSees   bool
	rtx                  bool
	studentCameras       bool
	// sfuB, when set, is a second SFU that relays the teacher from sfu to half of the students.
	sfuB, metricsB string
	sfuBPid        int
}

func parseFlags() options {
	var o options
	var steps string
	flag.StringVar(&o.sfu, "sfu", "127.0.0.1:50051", "the SFU's gRPC address")
	flag.StringVar(&o.metricsURL, "metrics", "", "the SFU's Prometheus page (http://127.0.0.1:9095/metrics); empty: no SFU counters")
	flag.IntVar(&o.sfuPid, "sfu-pid", 0, "the SFU's pid, for its CPU from /proc; 0: not measured")
	flag.StringVar(&o.sfuB, "sfu-b", "", "a second SFU's gRPC address: every other student joins there and it relays the teacher from -sfu")
	flag.StringVar(&o.metricsB, "metrics-b", "", "the second SFU's Prometheus page")
	flag.IntVar(&o.sfuBPid, "sfu-b-pid", 0, "the second SFU's pid, for its CPU")
	flag.BoolVar(&o.studentCameras, "student-cameras", true, "students publish a camera too; false: a lecture, where students only receive")
	flag.StringVar(&o.sid, "sid", "load-class", "the session (class) id")
	flag.StringVar(&steps, "steps", "5,10,15,20,25,30,40,50,60,80,100", "numbers of students, in increasing order")
	flag.DurationVar(&o.settle, "settle", 5*time.Second, "wait after a step's students receive, before measuring")
	flag.DurationVar(&o.window, "window", 20*time.Second, "one measured window")
	flag.IntVar(&o.repeats, "repeats", 1, "measured windows per step; the table gives their medians")
	flag.IntVar(&o.stopAfter, "stop-after", 1, "stop after this many steps that do not hold")
	flag.DurationVar(&o.deadline, "deadline", 500*time.Millisecond, "a frame complete later than this after its send counts as dropped")
	flag.Float64Var(&o.hold, "hold", 0.99, "share of the teacher's frames every student must get for a step to hold")
	flag.BoolVar(&o.audio, "audio", false, "the teacher also publishes a 40 kbit/s Opus-sized audio track, which students receive")
	flag.BoolVar(&o.teacherSees, "teacher-sees-students", false, "the teacher also receives every student's camera")
	flag.BoolVar(&o.rtx, "rtx", true, "offer RTX as browsers do; false: retransmissions on the media stream (an experiment)")
	flag.Parse()
	for _, s := range strings.Split(steps, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n <= 0 || (len(o.steps) > 0 && n <= o.steps[len(o.steps)-1]) {
			log.Fatalf("-steps: %q is not an increasing list of positive numbers", steps)
		}
		o.steps = append(o.steps, n)
	}
	if o.repeats < 1 {
		o.repeats = 1
	}
	return o
}

func main() {
	log.SetFlags(log.Ltime)
	o := parseFlags()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, o); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context, o options) error {
	api, err := newClientAPI(o.rtx)
	if err != nil {
		return err
	}
	cc, err := grpc.NewClient(o.sfu, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return err
	}
	defer cc.Close()
	c := &class{ctx: ctx, api: api, client: rtc.NewRTCClient(cc), clk: &clock{start: time.Now()},
		sid: o.sid, teacherSeesStudents: o.teacherSees, studentCameras: o.studentCameras,
		sources: map[string]*source{}, atB: map[string]bool{}}
	defer c.close()
	var ccB *grpc.ClientConn
	if o.sfuB != "" {
		if ccB, err = grpc.NewClient(o.sfuB, grpc.WithTransportCredentials(insecure.NewCredentials())); err != nil {
			return err
		}
		defer ccB.Close()
		c.clientB = rtc.NewRTCClient(ccB)
	}

	printHeader(o)
	if err := c.startTeacher(o.audio); err != nil {
		return fmt.Errorf("teacher: %w", err)
	}
	if ccB != nil {
		if err := startRelay(ctx, ccB, o.sid, o.sfu); err != nil {
			return err
		}
	}

	var holding, failing int
	var failReason string
	failures := 0
	for _, n := range o.steps {
		t0 := time.Now()
		if err := c.addStudents(n); err != nil {
			fmt.Printf("| %d | join failed: %s |\n", n, joinErr(err))
			failing, failReason = n, "students could not join or receive: "+joinErr(err)
			break
		}
		log.Printf("%d students receiving after %.1f s; settling %s", n, time.Since(t0).Seconds(), o.settle)
		if !sleep(ctx, o.settle) {
			break
		}
		var ws []windowResult
		for i := 0; i < o.repeats; i++ {
			w, ok := measure(ctx, c, o, n)
			if !ok {
				break
			}
			log.Printf("N=%d window %d: %s", n, i+1, w.summary())
			ws = append(ws, w)
		}
		if len(ws) == 0 {
			break
		}
		row := combine(ws)
		fmt.Println(row.markdown(n, o))
		if row.holds {
			holding = n
			continue
		}
		if failing == 0 {
			failing, failReason = n, row.reason
		}
		failures++
		if failures >= o.stopAfter {
			break
		}
	}
	fmt.Println()
	fmt.Printf("holds: every student gets >= %.0f%% of the teacher's frames complete within %s of their send (median of %d window(s) of %s per step)\n",
		o.hold*100, o.deadline, o.repeats, o.window)
	if failing > 0 {
		fmt.Printf("largest N that holds: %d; first N that does not: %d (%s)\n", holding, failing, failReason)
	} else {
		fmt.Printf("largest N that holds: %d; every step held\n", holding)
	}
	fmt.Printf("result: holds=%d fails=%d\n", holding, failing)
	return nil
}

func printHeader(o options) {
	v := video360p
	where := o.sfu
	if o.sfuB != "" {
		where = fmt.Sprintf("%s (A: the teacher and the odd students) and %s (B: the even students, the teacher relayed from A)", o.sfu, o.sfuB)
	}
	cameras := "teacher and students"
	if !o.studentCameras {
		cameras = "the teacher's; students only receive"
	}
	fmt.Printf("sfu-load: one class on %s; every camera (%s) is synthetic VP8 640x360 at %d fps, "+
		"%d packets x %d B payload a frame (%.0f kbit/s payload, ~%d packets/s), a keyframe of %d packets on each PLI\n",
		where, cameras, v.fps, v.deltaPackets, v.payloadBytes, v.kbps(), v.fps*v.deltaPackets, v.keyPackets)
	if o.audio {
		a := opusVoice
		fmt.Printf("teacher audio: %d packets/s x %d B (%.0f kbit/s), received by every student\n", a.fps, a.payloadBytes, a.kbps())
	}
	fmt.Printf("RTX offered: %v; teacher receives students: %v; windows: settle %s, %d x %s; load tool on %d core(s) (GOMAXPROCS %d), SFU on %d; load average %s\n",
		o.rtx, o.teacherSees, o.settle, o.repeats, o.window, cpus(0), runtime.GOMAXPROCS(0), sfuCores(o), loadAverage())
	fmt.Println()
	fmt.Println(tableHeader(o))
	fmt.Println(tableRule(o))
}

func sfuCores(o options) int {
	if o.sfuPid <= 0 {
		return 0
	}
	return cpus(o.sfuPid)
}

func sleep(ctx context.Context, d time.Duration) bool {
	select {
	case <-ctx.Done():
		return false
	case <-time.After(d):
		return true
	}
}
