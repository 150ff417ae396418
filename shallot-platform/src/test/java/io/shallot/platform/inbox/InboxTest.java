package io.shallot.platform.inbox;

import static io.shallot.platform.inbox.Messages.broadcast;
import static io.shallot.platform.inbox.Messages.direct;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import io.shallot.testing.MutableClock;
import io.shallot.testing.OnLoop;
import io.shallot.testing.TestRedis;
import io.shallot.web.HttpException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InboxTest {
    private final MutableClock clock = new MutableClock(Instant.now());
    private final TestRedis store = new TestRedis("platform");
    private final Inbox inbox = new Inbox(store.redis, clock,
            InboxSettings.defaults().withTopics(List.of("sports")).withMaxInbox(5));

    @AfterEach
    void close() {
        inbox.close();
        store.close();
    }

    private Sent send(JsonNode message) {
        return OnLoop.run(loop -> inbox.send(message));
    }

    private Badges badges(String uid) {
        return OnLoop.run(loop -> inbox.badges(uid));
    }

    private Page list(String uid, String category, int limit, String before) {
        return OnLoop.run(loop -> inbox.list(uid, category, limit, before));
    }

    private Badges read(String uid, Read what) {
        return OnLoop.run(loop -> inbox.markRead(uid, what));
    }

    private static List<String> titles(Page page) {
        return page.items().stream().map(Item::title).toList();
    }

    @Test
    void directMessagesAreCountedByCategoryAndReadByIdsByCategoryAndAll() {
        Sent first = send(direct("system", "a", "ann", "bob"));
        assertThat(first.users()).isEqualTo(2);
        send(direct("system", "b", "ann"));
        send(direct("order", "c", "ann").put("link", "shallot://orders/7"));

        Badges badges = badges("ann");
        assertThat(badges.total()).isEqualTo(3);
        assertThat(badges.categories()).containsExactly(Map.entry("system", 2L), Map.entry("activity", 0L),
                Map.entry("social", 0L), Map.entry("order", 1L));
        Page page = list("ann", null, 20, null);
        assertThat(titles(page)).containsExactly("c", "b", "a");
        assertThat(page.items()).allSatisfy(item -> assertThat(item.read()).isFalse());
        assertThat(page.items().getFirst().link()).isEqualTo("shallot://orders/7");
        assertThat(page.next()).isNull();
        assertThat(titles(list("ann", "system", 20, null))).containsExactly("b", "a");

        assertThat(read("ann", Read.ids(List.of(first.id()))).categories()).containsEntry("system", 1L);
        assertThat(read("ann", Read.ids(List.of(first.id()))).categories()).as("reading again changes nothing")
                .containsEntry("system", 1L);
        assertThat(list("ann", null, 20, null).items()).extracting(Item::title, Item::read)
                .containsExactly(tuple("c", false), tuple("b", false),
                        tuple("a", true));
        Badges afterCategory = read("ann", Read.category("order"));
        assertThat(afterCategory.total()).isEqualTo(1);
        assertThat(afterCategory.categories()).containsEntry("order", 0L);
        assertThat(read("ann", Read.all()).total()).isZero();
        assertThat(list("ann", null, 20, null).items()).allSatisfy(item -> assertThat(item.read()).isTrue());
        assertThat(badges("bob").categories()).containsEntry("system", 1L);
    }

    @Test
    void aBroadcastToAllCountsForAnyUserAndIsReadByCursor() {
        Sent news = send(broadcast("all", "system", "news"));
        assertThat(news.recipients()).isEqualTo("all");
        send(broadcast("all", "activity", "sale"));

        assertThat(badges("anyone").total()).isEqualTo(2);
        assertThat(list("anyone", null, 20, null).items()).extracting(Item::title).containsExactly("sale", "news");
        assertThat(read("anyone", Read.ids(List.of(news.id()))).categories())
                .containsEntry("system", 0L).containsEntry("activity", 1L);
        assertThat(list("anyone", null, 20, null).items()).extracting(Item::read).containsExactly(false, true);
        assertThat(read("anyone", Read.all()).total()).isZero();

        send(broadcast("all", "system", "later"));
        assertThat(badges("anyone").total()).as("the cursor covers only what was there").isEqualTo(1);
        assertThat(badges("other").total()).isEqualTo(3);
        Badges other = read("other", Read.category("activity"));
        assertThat(other.categories()).containsEntry("activity", 0L).containsEntry("system", 2L);
        assertThat(other.total()).isEqualTo(2);

        Badges deleted = OnLoop.run(loop -> inbox.delete("other", news.id()));
        assertThat(deleted.categories()).as("a broadcast deleted by one user").containsEntry("system", 1L);
        assertThat(titles(list("other", null, 20, null))).containsExactly("later", "sale");
        assertThat(titles(list("anyone", null, 20, null))).as("stays for the others").containsExactly("later", "sale", "news");
        assertThat(OnLoop.failure(loop -> inbox.delete("other", news.id()))).hasMessageContaining("no message " + news.id());
        assertThat(OnLoop.failure(loop -> inbox.markRead("other", Read.ids(List.of(news.id())))))
                .hasMessageContaining("no message " + news.id());
        assertThat(read("other", Read.all()).total()).isZero();
        assertThat(titles(list("other", null, 20, null))).as("still deleted once read by cursor").containsExactly("later", "sale");
    }

    @Test
    void theCapDropsTheOldestAndTheCountsStayEqualToTheUnreadListed() {
        List<Sent> sent = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            sent.add(send(direct(i % 2 == 0 ? "system" : "order", "m" + i, "ann")));
        }
        read("ann", Read.ids(List.of(sent.get(6).id())));
        Throwable dropped = OnLoop.failure(loop -> inbox.markRead("ann", Read.ids(List.of(sent.get(3).id(), sent.get(0).id()))));
        assertThat(dropped).isInstanceOf(HttpException.class).hasMessageContaining("no message " + sent.get(0).id());
        assertThat(((HttpException) dropped).status()).isEqualTo(404);

        Page page = list("ann", null, 20, null);
        assertThat(titles(page)).containsExactly("m7", "m6", "m5", "m4", "m3");
        assertUnreadMatches(badges("ann"), page);
        assertThat(badges("ann").total()).isEqualTo(4);

        for (int i = 0; i < 7; i++) {
            send(broadcast("all", "social", "b" + i));
        }
        assertThat(titles(list("newcomer", null, 20, null))).containsExactly("b6", "b5", "b4", "b3", "b2");
        assertThat(badges("newcomer").total()).isEqualTo(5);
    }

    @Test
    void expiredMessagesLeaveListsAndCounts() {
        send(direct("system", "short", "ann").put("ttlDays", 1));
        send(broadcast("all", "system", "short news").put("ttlDays", 1));
        send(direct("order", "long", "ann").put("ttlDays", 3));
        assertThat(badges("ann").total()).isEqualTo(3);

        clock.advance(Duration.ofDays(2));
        assertThat(titles(list("ann", null, 20, null))).containsExactly("long");
        Badges badges = badges("ann");
        assertThat(badges.total()).isEqualTo(1);
        assertThat(badges.categories()).containsEntry("system", 0L).containsEntry("order", 1L);

        clock.advance(Duration.ofDays(2));
        assertThat(list("ann", null, 20, null).items()).isEmpty();
        assertThat(badges("ann").total()).isZero();
    }

    @Test
    void dotsLightTheirAncestorsUntilTheLastDotUnderThemIsCleared() {
        assertThat(OnLoop.run(loop -> inbox.setDot("ann", "me.settings.update")).dots())
                .containsExactly("me", "me.settings", "me.settings.update");
        assertThat(OnLoop.run(loop -> inbox.setDot("ann", "me.wallet")).dots())
                .containsExactly("me", "me.settings", "me.settings.update", "me.wallet");
        assertThat(OnLoop.run(loop -> inbox.clearDot("ann", "me.settings.update")).dots()).containsExactly("me", "me.wallet");
        assertThat(OnLoop.run(loop -> inbox.clearDot("ann", "me.wallet")).dots()).isEmpty();

        OnLoop.run(loop -> inbox.setDot("ann", "shop.cart.coupon"));
        assertThat(OnLoop.run(loop -> inbox.clearDot("ann", "shop")).dots()).as("clearing a path clears what is under it").isEmpty();
        assertThat(badges("ann").total()).as("dots are not messages").isZero();

        OnLoop.run(loop -> inbox.setDot("ann", "news"));
        clock.advance(Duration.ofDays(31));
        assertThat(badges("ann").dots()).as("a dot expires after dotTtl").isEmpty();
    }

    @Test
    void aFollowedTopicCountsTheBroadcastsSentAfterTheFollow() {
        send(broadcast("sports", "activity", "old match"));
        assertThat(badges("ann").total()).isZero();
        assertThat(list("ann", null, 20, null).items()).isEmpty();

        assertThat(OnLoop.<Boolean>run(loop -> inbox.follow("ann", "sports"))).isTrue();
        assertThat(badges("ann").total()).isZero();
        assertThat(list("ann", null, 20, null).items()).extracting(Item::title, Item::read)
                .containsExactly(tuple("old match", true));
        Sent match = send(broadcast("sports", "activity", "new match"));
        assertThat(badges("ann").categories()).containsEntry("activity", 1L);

        assertThat(OnLoop.<Boolean>run(loop -> inbox.unfollow("ann", "sports"))).isFalse();
        assertThat(badges("ann").total()).isZero();
        assertThat(OnLoop.failure(loop -> inbox.markRead("ann", Read.ids(List.of(match.id())))))
                .as("a broadcast of a topic not followed is not the user's").hasMessageContaining("no message");
        assertThat(OnLoop.failure(loop -> inbox.unfollow("ann", "all")))
                .isInstanceOf(HttpException.class).hasMessageContaining("all");
    }

    @Test
    void pagesWalkEveryMessageOnceNewestFirst() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(send(direct("system", "d" + i, "ann")).id());
            ids.add(send(broadcast("all", "order", "b" + i)).id());
        }
        List<String> seen = new ArrayList<>();
        String before = null;
        for (int pages = 0; pages < 10; pages++) {
            Page page = list("ann", null, 3, before);
            page.items().forEach(item -> seen.add(item.id()));
            before = page.next();
            if (before == null) {
                break;
            }
        }
        assertThat(seen).containsExactlyElementsOf(ids.reversed());
        assertThat(titles(list("ann", "order", 2, null))).containsExactly("b3", "b2");
    }

    @Test
    void everyKeyExpiresOrIsBounded() throws Exception {
        Sent direct = send(direct("system", "a", "ann"));
        send(broadcast("all", "order", "b"));
        Sent gone = send(broadcast("all", "social", "gone"));
        OnLoop.run(loop -> inbox.delete("ann", gone.id()));
        OnLoop.run(loop -> inbox.follow("ann", "sports"));
        send(broadcast("sports", "order", "s"));
        read("ann", Read.ids(List.of(direct.id())));
        read("ann", Read.category("order"));
        OnLoop.run(loop -> inbox.setDot("ann", "me.x"));
        list("ann", null, 20, null);

        List<String> keys = store.keys();
        assertThat(keys).isNotEmpty();
        Map<String, Long> ttls = new HashMap<>();
        for (String key : keys) {
            ttls.put(key, store.redis.commands().pttl(store.redis.key(key)).get(5, TimeUnit.SECONDS));
        }
        assertThat(ttls).allSatisfy((key, ttl) -> assertThat(ttl).as(key).isPositive());
        assertThat(store.redis.commands().zcard(store.redis.key("inbox:u:{ann}:box")).get(5, TimeUnit.SECONDS)).isLessThanOrEqualTo(5);
    }

    /** What the badges say per category equals the unread messages the list shows. */
    static void assertUnreadMatches(Badges badges, Page page) {
        Map<String, Long> listed = new HashMap<>();
        for (String category : badges.categories().keySet()) {
            listed.put(category, 0L);
        }
        page.items().stream().filter(item -> !item.read()).forEach(item -> listed.merge(item.category(), 1L, Long::sum));
        assertThat(badges.categories()).containsExactlyInAnyOrderEntriesOf(listed);
        assertThat(badges.total()).isEqualTo(listed.values().stream().mapToLong(Long::longValue).sum());
    }
}
