# motcua — kiosk and queue-ticket appliance for a ward's one-stop centre.
#
#   make run      start the server on its embedded defaults (data in ./data)
#   make test     install what the tests need, then run every test with -race
#   make bench    run the benchmarks whose figures are in the README
#   make check    gofmt, go vet and the dependency rules
#   make package  build release binaries and the systemd units into dist/

GO        ?= go
DATA      ?= data
LISTEN    ?= :8080
BIN       := bin
VERSION   ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS   := -s -w -X main.version=$(VERSION)

# Debian packages: the C toolchain for -race, and the X11/GL headers the
# Fyne kiosk and display build against.
DEB_PACKAGES := gcc libc6-dev pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev

.PHONY: run test bench check check-deps fuzz package deps server clean

## deps: install the Debian packages the build and tests need (as root).
deps:
	@./.ci/deps $(DEB_PACKAGES)

## server: the server binary, pure Go.
server:
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN)/motcua-server ./cmd/motcua-server

## run: start the server on the embedded default catalogue.
run: server
	@mkdir -p $(DATA)
	$(BIN)/motcua-server serve --listen $(LISTEN) --data $(DATA)

## test: every test, with the race detector.
test: deps
	$(GO) vet ./...
	$(GO) test -race -count=1 -timeout 20m ./...

## bench: the performance figures quoted in the README.
bench:
	$(GO) test -run='^$$' -bench=. -benchtime=2s -timeout 30m ./server/...

## fuzz: a short run of every fuzz target (longer: FUZZTIME=5m).
FUZZTIME ?= 20s
fuzz:
	@./.ci/fuzz $(FUZZTIME)

## check: formatting, vet and the dependency rules.
check: check-deps
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); echo 'gofmt needed'; exit 1; }
	$(GO) vet ./...

## check-deps: the server never links Fyne; kiosk and display import only the contract and client.
check-deps:
	@./.ci/check-deps

## package: release binaries and systemd units in dist/.
package: server
	@mkdir -p dist
	cp $(BIN)/motcua-server dist/
	cp -r packaging/systemd dist/
	tar -C dist -czf dist/motcua-$(VERSION)-linux-amd64.tar.gz motcua-server systemd
	@echo dist/motcua-$(VERSION)-linux-amd64.tar.gz

clean:
	rm -rf $(BIN) dist
