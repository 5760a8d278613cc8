package webhook_test

import (
	"slices"
	"strconv"
)

func slicesSort(s []string) { slices.Sort(s) }

func jsonInt(n int64) string { return strconv.FormatInt(n, 10) }
