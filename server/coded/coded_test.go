package coded

import (
	"fmt"
	"testing"
)

func TestCodeSeesThroughWrapping(t *testing.T) {
	err := fmt.Errorf("saving: %w", Errorf("conflict", "số %s đã có", "A001"))
	if got := Code(err); got != "conflict" {
		t.Fatalf("Code = %q, want conflict", got)
	}
	if got := Code(fmt.Errorf("plain")); got != "" {
		t.Fatalf("Code of a plain error = %q, want empty", got)
	}
	if got := err.Error(); got != "saving: conflict: số A001 đã có" {
		t.Fatalf("Error() = %q", got)
	}
}
