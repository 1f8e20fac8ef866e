// A server a benchmark started: where it answers, its PID (for CPU and memory), how long it
// took to listen, and how to stop it.
export interface RunningServer {
  name: string;
  endpoint: string;
  port: number;
  pid: number;
  readyMs: number;
  stop(): Promise<void>;
}
