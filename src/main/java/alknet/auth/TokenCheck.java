package alknet.auth;

import alknet.api.Identity;
import java.util.Objects;
import java.util.Optional;

/** The outcome of verifying a token: the identity it proves, or why it was refused. Never holds the token. */
public sealed interface TokenCheck {
    Optional<Identity> identity();

    record Accepted(Identity value) implements TokenCheck {
        public Accepted {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public Optional<Identity> identity() {
            return Optional.of(value);
        }
    }

    record Rejected(TokenRejection rejection) implements TokenCheck {
        public Rejected {
            Objects.requireNonNull(rejection, "rejection");
        }

        @Override
        public Optional<Identity> identity() {
            return Optional.empty();
        }
    }

    static TokenCheck rejected(TokenRejection rejection) {
        return new Rejected(rejection);
    }
}
