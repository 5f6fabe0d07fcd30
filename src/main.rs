fn main() {
    std::process::exit(ecs_cli::main());
}
