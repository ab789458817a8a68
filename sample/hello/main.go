// A tiny program that Go Doctor diagnoses when it is run outside a Go project,
// and that its debug smoke test can stop in.
package main

import "fmt"

func main() {
	greeting := "hello from the Go Doctor sample"
	fmt.Println(greeting)
}
