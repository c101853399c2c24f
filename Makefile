# motcua — kiosk and queue-ticket appliance for a ward's one-stop centre.
#
#   make run      build everything and start the server, the kiosk and the board
#   make test     install what the tests need, then run every test with -race
#   make bench    run the benchmarks whose figures are in the README
#   make check    gofmt, go vet and the dependency rules
#   make package  build release binaries and the systemd unit into dist/
#   make screenshots  the web pages' pictures in server/web/docs/screenshots

GO      ?= go
DATA    ?= data
LISTEN  ?= :8080
BIN     := bin
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)

# Debian packages. The Fyne kiosk and board compile against X11/Wayland/GL
# headers (cgo); the board speaks through ALSA and espeak-ng; the race
# detector needs gcc; the browser tests drive Debian's chromium and check the
# public pages with axe-core (from the npm registry, with the machine's own
# Node.js and npm: Debian's npm package conflicts with it); the notice-board test reads its PDF
# back with poppler's pdftotext and pdftoppm and its QR codes with zbarimg.
DEB_BUILD := gcc libc6-dev pkg-config curl \
	libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev \
	libwayland-dev libxkbcommon-dev wayland-protocols libasound2-dev
DEB_TEST  := espeak-ng chromium fonts-noto-core poppler-utils zbar-tools
DEB_RUN   := espeak-ng dbus-x11

.PHONY: run test bench check check-deps fuzz package screenshots deps-build deps-test server kiosk display build clean

deps-build:
	@./.ci/deps $(DEB_BUILD)

deps-test: deps-build
	@./.ci/deps $(DEB_TEST)
	@test -f "$$(npm root -g)/axe-core/axe.min.js" || npm install -g --silent axe-core@4.10.3

## server: the server binary, pure Go (CGO_ENABLED=0).
server:
	CGO_ENABLED=0 $(GO) build -trimpath -o $(BIN)/motcua-server ./cmd/motcua-server

## kiosk, display: the Fyne programs (cgo; with ALSA sound for the board's calls and the kiosk's read-aloud).
kiosk: deps-build
	$(GO) build -trimpath -tags oto -o $(BIN)/motcua-kiosk ./cmd/motcua-kiosk

display: deps-build
	$(GO) build -trimpath -tags oto -o $(BIN)/motcua-display ./cmd/motcua-display

build: server kiosk display

## run: start the server on the embedded defaults, plus the kiosk and board windows.
run: build
	@./.ci/deps $(DEB_RUN)
	@BIN=$(BIN) DATA=$(DATA) LISTEN=$(LISTEN) ./packaging/run-local.sh

## test: every test, with the race detector.
test: deps-test
	$(GO) vet ./...
	$(GO) test -race -count=1 -timeout 40m ./...

## bench: the performance figures quoted in the README.
bench:
	$(GO) test -run='^$$' -bench='RawSQLite|IssueTicketHTTP' -benchtime=2s ./server/api
	$(GO) test -run='^$$' -bench=Fanout200 -benchtime=300x ./server/api
	$(GO) test -run='^$$' -bench=CallNext20Counters -benchtime=10000x -timeout 20m ./server/queue
	$(GO) test -run='^$$' -bench=. -benchtime=200x ./display/ ./display/live/
	$(GO) test -run='^$$' -bench=Search ./kiosk/search

## screenshots: render the console, administration and web board pages in
## Chromium into server/web/docs/screenshots (a generator, not a test).
screenshots: deps-test
	MOTCUA_SCREENSHOTS=$(abspath server/web/docs/screenshots) $(GO) test -count=1 -run 'TestBrowserScreenshots|TestBrowserCatalogue' ./server/web

## fuzz: a short run of every fuzz target (longer: make fuzz FUZZTIME=5m).
FUZZTIME ?= 20s
fuzz:
	@./.ci/fuzz $(FUZZTIME)

## check: formatting, vet and the dependency rules.
check: deps-build check-deps
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); echo 'gofmt needed'; exit 1; }
	$(GO) vet ./...

## check-deps: the server never links Fyne; kiosk and display import only the contract and client.
check-deps:
	@./.ci/check-deps

## package: release binaries and the systemd unit in dist/.
package: build
	@rm -rf dist && mkdir -p dist/motcua-$(VERSION)
	cp $(BIN)/motcua-server $(BIN)/motcua-kiosk $(BIN)/motcua-display packaging/systemd/*.service README.md dist/motcua-$(VERSION)/
	cp -r packaging/systemd/motcua-server.service.d dist/motcua-$(VERSION)/
	tar -C dist -czf dist/motcua-$(VERSION)-linux-amd64.tar.gz motcua-$(VERSION)
	@echo dist/motcua-$(VERSION)-linux-amd64.tar.gz

clean:
	rm -rf $(BIN) dist
