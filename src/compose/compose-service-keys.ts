/**
 * Every service key of the Compose specification (and of the older v2/v3 formats). Each is read
 * (parse-service), carried to the engine (runtime-keys) or refused / warned about when the service is
 * deployed (service-key-policy): none is dropped silently (a unit test holds it). Keys outside this
 * set (typos such as `enviroment`) are ignored with a warning. `x-*` keys are always allowed.
 */
export const composeServiceKeys: ReadonlySet<string> = new Set([
  'annotations', 'attach', 'blkio_config', 'build', 'cap_add', 'cap_drop', 'cgroup', 'cgroup_parent', 'command',
  'configs', 'container_name', 'cpu_count', 'cpu_percent', 'cpu_period', 'cpu_quota', 'cpu_rt_period',
  'cpu_rt_runtime', 'cpu_shares', 'cpus', 'cpuset', 'credential_spec', 'depends_on', 'deploy', 'develop',
  'device_cgroup_rules', 'devices', 'dns', 'dns_opt', 'dns_search', 'dockerfile', 'domainname', 'driver_opts',
  'entrypoint', 'env_file', 'environment', 'expose', 'extends', 'external_links', 'extra_hosts', 'gpus', 'group_add',
  'healthcheck', 'hostname', 'image', 'init', 'ipc', 'isolation', 'label_file', 'labels', 'links', 'log_driver',
  'log_opt', 'logging', 'mac_address', 'mem_limit', 'mem_reservation', 'mem_swappiness', 'memswap_limit', 'models',
  'net', 'network_mode', 'networks', 'oom_kill_disable', 'oom_score_adj', 'pid', 'pids_limit', 'platform', 'ports',
  'post_start', 'pre_start', 'pre_stop', 'privileged', 'profiles', 'provider', 'pull_policy', 'pull_refresh_after', 'read_only', 'restart', 'runtime',
  'scale', 'secrets', 'security_opt', 'shm_size', 'stdin_open', 'stop_grace_period', 'stop_signal', 'storage_opt',
  'sysctls', 'tmpfs', 'tty', 'ulimits', 'use_api_socket', 'user', 'userns_mode', 'uts', 'volume_driver', 'volumes',
  'volumes_from', 'working_dir',
]);
