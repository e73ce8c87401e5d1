int main() { return 2; }  // replaced by the CLI
