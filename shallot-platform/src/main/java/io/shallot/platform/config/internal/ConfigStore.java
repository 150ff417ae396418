package io.shallot.platform.config.internal;

import io.shallot.mvc.data.Collection;
import io.shallot.mvc.data.Model;
import io.shallot.mvc.data.Mongo;

/** The config service's collections: rules, package descriptions and package chunks. */
public final class ConfigStore extends Model {
    public ConfigStore(Mongo mongo) {
        super(mongo);
    }

    public Collection rules() {
        return collection("config_rules");
    }

    public Collection packages() {
        return collection("config_packages");
    }

    public Collection chunks() {
        return collection("config_package_chunks");
    }
}
