//! Structured logs per `[log]`: level, console text or JSON, to the console or a file.

use std::sync::Mutex;

use sightline_config::{LogFormat, LogMode, Settings};
use tracing_subscriber::EnvFilter;

/// Installs the global subscriber. `[log] filters` (e.g. `sqlx:warn`) refine the level.
pub fn init(settings: &Settings) -> anyhow::Result<()> {
    let log = &settings.log;
    let level = log
        .effective_level()
        .as_tracing_level()
        .to_string()
        .to_lowercase();
    let mut directives = vec![level, "sqlx=warn".to_string()];
    directives.extend(log.filters.iter().map(|filter| {
        let level = filter.level.as_tracing_level().to_string().to_lowercase();
        format!("{}={level}", filter.logger)
    }));
    let filter = EnvFilter::try_new(directives.join(","))?;
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(true);
    let writer: Box<dyn Fn() -> Box<dyn std::io::Write> + Send + Sync> =
        if log.modes.contains(&LogMode::File) {
            let path = settings.paths.logs.join("sightline.log");
            std::fs::create_dir_all(&settings.paths.logs)?;
            let file = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&path)?;
            let file = std::sync::Arc::new(Mutex::new(file));
            Box::new(move || Box::new(SharedFile(file.clone())))
        } else {
            Box::new(|| Box::new(std::io::stderr()))
        };
    let result = if log.effective_format() == LogFormat::Json {
        builder
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .with_writer(writer)
            .try_init()
    } else {
        builder.with_writer(writer).try_init()
    };
    result.map_err(|error| anyhow::anyhow!("cannot install logger: {error}"))
}

struct SharedFile(std::sync::Arc<Mutex<std::fs::File>>);

impl std::io::Write for SharedFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut file = match self.0.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        file.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
