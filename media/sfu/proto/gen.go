// Package rtc holds the Go code generated from rtc.proto, recorder.proto, activity.proto, relay.proto and load.proto. The generated
// files are committed so that building the SFU needs no protoc; after editing a .proto here run
// `go generate ./proto` with protoc 4.33.5 (the Maven artifact
// com.google.protobuf:protoc:4.33.5:exe:linux-x86_64 works), protoc-gen-go v1.36.12
// and protoc-gen-go-grpc v1.6.2 on PATH.
package rtc

//go:generate protoc --go_out=. --go_opt=paths=source_relative --go-grpc_out=. --go-grpc_opt=paths=source_relative rtc.proto recorder.proto activity.proto relay.proto load.proto
