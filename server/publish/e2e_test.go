package publish_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"motcua/server/servertest"
)

// chromium is Debian's browser; axe-core is the accessibility checker
// (npm install -g axe-core, done by `make deps-test`; AXE_CORE_JS names
// another copy of axe.min.js).
const chromium = "/usr/bin/chromium"

var axePaths = []string{os.Getenv("AXE_CORE_JS"), "/usr/lib/node_modules/axe-core/axe.min.js",
	"/usr/local/lib/node_modules/axe-core/axe.min.js", "/usr/share/nodejs/axe-core/axe.min.js"}

// Deadlines: starting the browser, each page's check, and the whole test.
const (
	startTimeout = 30 * time.Second
	stepTimeout  = 30 * time.Second
	testTimeout  = 2 * time.Minute
)

// phoneChrome starts a headless Chromium with a phone's window (390×844)
// that ends with the test.
func phoneChrome(t *testing.T) context.Context {
	t.Helper()
	if _, err := os.Stat(chromium); err != nil {
		t.Skip("chromium is not installed (apt-get install -y chromium)")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.WindowSize(390, 844), chromedp.UserDataDir(t.TempDir()),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, cancelCtx := chromedp.NewContext(actx)
	started := make(chan error, 1)
	go func() { started <- chromedp.Do(bctx) }() // no timeout on the first action: it would stop the browser
	select {
	case err := <-started:
		if err != nil {
			cancelCtx()
			cancelAlloc()
			t.Fatalf("start chromium: %v", err)
		}
	case <-time.After(startTimeout):
		cancelCtx()
		cancelAlloc()
		t.Fatalf("chromium did not start within %v", startTimeout)
	}
	ctx, cancel := context.WithTimeout(bctx, testTimeout)
	t.Cleanup(func() { cancel(); cancelCtx(); cancelAlloc() })
	return ctx
}

func axeSource(t *testing.T) string {
	t.Helper()
	for _, p := range axePaths {
		if p == "" {
			continue
		}
		if b, err := os.ReadFile(p); err == nil {
			return string(b)
		}
	}
	t.Skip("axe-core is not installed (npm install -g axe-core, or set AXE_CORE_JS)")
	return ""
}

// TestBrowserPublicPagesAxe: /p/ and one procedure's page, on a phone's
// screen in Chromium, have no axe-core violation (WCAG 2.1 A/AA rules),
// show their text without sideways scrolling and in large type, in both
// languages.
func TestBrowserPublicPagesAxe(t *testing.T) {
	axe := axeSource(t)
	srv := servertest.New(t)
	ctx := phoneChrome(t)
	for _, path := range []string{"/p/", "/p/2.000815", "/p/2.000635?lang=en"} {
		sctx, cancel := context.WithTimeout(ctx, stepTimeout)
		if err := chromedp.Do(sctx, chromedp.Navigate(srv.URL+path), chromedp.WaitVisible(chromedp.CSS("h1"))); err != nil {
			cancel()
			t.Fatalf("%s: load (deadline %v): %v", path, stepTimeout, err)
		}
		if _, err := chromedp.Run(sctx, chromedp.Evaluate[any](axe)); err != nil {
			cancel()
			t.Fatalf("%s: inject axe-core: %v", path, err)
		}
		js := `axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}})
			.then(r => r.violations.map(v => v.id + ": " + v.help + " — " + v.nodes.map(n => n.target.join(" ")).join(", ")))`
		violations, err := chromedp.Run(sctx, chromedp.Evaluate[[]string](js, chromedp.EvalAwaitPromise))
		if err != nil {
			cancel()
			t.Fatalf("%s: axe.run: %v", path, err)
		}
		if len(violations) > 0 {
			t.Errorf("%s: axe-core violations:\n%s", path, strings.Join(violations, "\n"))
		}
		wide, err := chromedp.Run(sctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`))
		if err != nil || wide {
			t.Errorf("%s: the page scrolls sideways on a phone (%v)", path, err)
		}
		size, err := chromedp.Run(sctx, chromedp.Evaluate[float64](`parseFloat(getComputedStyle(document.querySelector("main section p, main section li")).fontSize)`))
		if err != nil || size < 18 {
			t.Errorf("%s: body text is %vpx on a phone, want at least 18 (%v)", path, size, err)
		}
		cancel()
	}
	sctx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	text, err := chromedp.Run(sctx, chromedp.Evaluate[string](`document.querySelector("main").innerText`))
	if err != nil || !strings.Contains(text, "8.000 đ/copy") {
		t.Errorf("English page text: %q (%v)", text, err)
	}
}
